/**
 * The auth server (HURD auth/auth.c) and the reauthentication handshake every
 * server uses (io_reauthenticate, proc_reauthenticate: simpleroutines in
 * hurd/io.defs and hurd/process.defs). The user and the server meet at a
 * rendezvous port the user made: the server hands the auth server a new port,
 * the auth server gives the server the user's ids and the user the new port.
 */
import type { Kernel } from '../../engine/kernel.js';
import { contains, idsText, mergeIds } from './idvec.js';
import { authLabel, authText, ioLabel } from './labels.js';
import { carry, dealloc, deallocMany, destroy, party, rpc, spaceLabel } from './ipc.js';
import { createPort, entryOf, portOf, withWorld, worldOf } from './mach-ports.js';
import type { AuthIds, PortName, SpaceId } from './state.js';

/** The auth server's handle behind a name, or null if the name is not an auth port. */
function authIdsOf(k: Kernel, space: SpaceId, name: PortName): AuthIds | null {
  const w = worldOf(k.state);
  const e = entryOf(w, space, name);
  if (!e) return null;
  const p = portOf(w, e.port);
  return p.object.kind === 'auth' && p.receiver ? p.object.ids : null;
}

/** auth_getids (S_auth_getids). */
export function authGetids(k: Kernel, from: SpaceId, auth: PortName): AuthIds {
  return rpc(k, { from, dest: auth, rpc: 'auth_getids' }, (req) => {
    const ids = authIdsOf(k, from, auth);
    if (!ids) k.fail('MIG_BAD_ID', 'the port is not an auth handle');
    void req;
    return { value: ids, out: [authText(ids)] };
  }).value;
}

function isuid(ids: AuthIds, uid: number): boolean {
  return contains(ids.euids, uid) || contains(ids.auids, uid);
}

function isgid(ids: AuthIds, gid: number): boolean {
  return contains(ids.egids, gid) || contains(ids.agids, gid);
}

/**
 * auth_makeauth (S_auth_makeauth): a new handle with the requested ids,
 * allowed if one of the handles passed is root (uid 0 effective or
 * available), or if every requested id is in one of them; else EPERM.
 */
export function authMakeauth(k: Kernel, from: SpaceId, auth: PortName, others: readonly PortName[], want: AuthIds): PortName {
  const answer = rpc(
    k,
    {
      from,
      dest: auth,
      rpc: 'auth_makeauth',
      args: [`[${others.join(' ')}]`, authText(want)],
      rights: others.map((name, i) => ({ what: `authpts[${i}]`, name, disposition: 'COPY_SEND' as const })),
    },
    (req) => {
      const mine = authIdsOf(k, from, auth);
      if (!mine) k.fail('MIG_BAD_ID', 'the port is not an auth handle');
      const handles = [mine, ...req.names.map((n) => (n ? authIdsOf(k, req.space, n) : null))].filter((h): h is AuthIds => h !== null);
      k.pc(1);
      const hasroot = handles.some((h) => isuid(h, 0));
      if (!hasroot) {
        const missing =
          want.euids.find((u) => !handles.some((h) => isuid(h, u))) ??
          want.auids.find((u) => !handles.some((h) => isuid(h, u)));
        const missingGid =
          want.egids.find((g) => !handles.some((h) => isgid(h, g))) ?? want.agids.find((g) => !handles.some((h) => isgid(h, g)));
        if (missing !== undefined) k.fail('EPERM', `uid ${missing} is in none of the auth handles given`);
        if (missingGid !== undefined) k.fail('EPERM', `gid ${missingGid} is in none of the auth handles given`);
      }
      // The new handle's vectors are merged into empty ones: duplicates such as au 0 0 stay.
      const ids: AuthIds = {
        euids: mergeIds([], want.euids),
        auids: mergeIds([], want.auids),
        egids: mergeIds([], want.egids),
        agids: mergeIds([], want.agids),
      };
      const [w, , name] = createPort(worldOf(k.state), { kind: 'auth', ids }, authLabel(ids), req.space, { armed: true });
      k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'allocate', space: req.space, pid: party(k, req.space).pid, names: [name], detail: `new auth handle ${authLabel(ids)}` });
      const passed = req.names.filter((n) => n !== 0);
      if (passed.length) deallocMany(k, req.space, passed, 'auth_makeauth consumed the handles passed');
      return { value: name, out: [authLabel(ids)], rights: [{ what: 'newhandle', name, disposition: 'MAKE_SEND' as const }] };
    },
  );
  return answer.names[0]!;
}

/**
 * The rendezvous: the server calls auth_server_authenticate with the new port,
 * the user calls auth_user_authenticate; the auth server gives the server the
 * user's ids and the user the new port (MOVE_SEND). Returns the user's name for it.
 */
export function handshake(
  k: Kernel,
  o: {
    client: SpaceId;
    clientAuth: PortName;
    clientRef: PortName;
    server: SpaceId;
    serverAuth: PortName;
    serverRef: PortName;
    /** Receive right of the new port in the server's space. */
    newport: PortName;
  },
): { name: PortName; ids: AuthIds } {
  let w = worldOf(k.state);
  const authSpace = w.auth;
  const userIds = authIdsOf(k, o.client, o.clientAuth);
  if (!userIds) k.fail('EOPNOTSUPP', `${spaceLabel(k, w, o.client)}'s auth port is not an auth handle`);
  // The server arrives first and waits.
  let serverMoves;
  [w, serverMoves] = carry(w, o.server, authSpace, [
    { what: 'rendezvous', name: o.serverRef, disposition: 'COPY_SEND' },
    { what: 'newport', name: o.newport, disposition: 'MAKE_SEND' },
  ]);
  const callS = w.next.call;
  w = { ...w, next: { ...w.next, call: callS + 2 } };
  const serverAuthPort = entryOf(w, o.server, o.serverAuth)!.port;
  k.change(withWorld(k.state, w), {
    kind: 'hurd-rpc',
    call: callS,
    rpc: 'auth_server_authenticate',
    from: party(k, o.server),
    to: party(k, authSpace),
    dest: { port: serverAuthPort, name: o.serverAuth, label: portOf(w, serverAuthPort).label },
    args: ['(waits for the user)'],
    rights: serverMoves,
  });
  // The user arrives.
  let userMoves;
  w = worldOf(k.state);
  [w, userMoves] = carry(w, o.client, authSpace, [{ what: 'rendezvous', name: o.clientRef, disposition: 'MAKE_SEND' }]);
  const userAuthPort = entryOf(w, o.client, o.clientAuth)!.port;
  k.change(withWorld(k.state, w), {
    kind: 'hurd-rpc',
    call: callS + 1,
    rpc: 'auth_user_authenticate',
    from: party(k, o.client),
    to: party(k, authSpace),
    dest: { port: userAuthPort, name: o.clientAuth, label: portOf(w, userAuthPort).label },
    args: [],
    rights: userMoves,
  });
  // Matched: the new port goes to the user, the ids to the server.
  const newportInAuth = serverMoves[1]!.to;
  let replyMoves;
  w = worldOf(k.state);
  [w, replyMoves] = carry(w, authSpace, o.client, [{ what: 'newport', name: newportInAuth, disposition: 'MOVE_SEND' }]);
  k.change(withWorld(k.state, w), { kind: 'hurd-reply', call: callS + 1, rpc: 'auth_user_authenticate', from: party(k, authSpace), to: party(k, o.client), result: 'ok', out: [], rights: replyMoves });
  k.emit({
    kind: 'hurd-reply',
    call: callS,
    rpc: 'auth_server_authenticate',
    from: party(k, authSpace),
    to: party(k, o.server),
    result: 'ok',
    out: [authText(userIds)],
    rights: [],
  });
  deallocMany(k, authSpace, [serverMoves[0]!.to, userMoves[0]!.to], 'the auth server is done with the rendezvous');
  return { name: replyMoves[0]!.to, ids: userIds };
}

/**
 * io_reauthenticate + auth_user_authenticate: a new protid on the same
 * peropen carrying the ids of `auth` (the caller's name for it). Returns the
 * caller's name for the new port; the old one is left to the caller.
 */
export function reauthenticateIo(k: Kernel, client: SpaceId, port: PortName, auth: PortName, why: string): PortName {
  let w = worldOf(k.state);
  const old = portOf(w, entryOf(w, client, port)!.port);
  if (old.object.kind !== 'io' || !old.receiver || old.receiver === 'kernel') {
    k.fail('EOPNOTSUPP', `io_reauthenticate: ${old.label} is not an io port`);
  }
  const server = old.receiver.space;
  const peropen = old.object.peropen;
  // mach_reply_port: the rendezvous.
  let ref: PortName;
  [w, , ref] = createPort(w, { kind: 'plain' }, `rendezvous of ${spaceLabel(k, w, client)}`, client);
  k.change(withWorld(k.state, w), { kind: 'hurd-rights', op: 'allocate', space: client, pid: party(k, client).pid, names: [ref], detail: `mach_reply_port ${ref}: rendezvous to reauthenticate ${old.label} (${why})` });
  const serverInfo = worldOf(k.state).servers.get(server);
  let result: PortName = 0;
  rpc(k, { from: client, dest: port, rpc: 'io_reauthenticate', oneway: true, rights: [{ what: 'rendezvous', name: ref, disposition: 'MAKE_SEND' }] }, (req) => {
    let w2 = worldOf(k.state);
    const po = w2.peropens.get(peropen)!;
    let newport: PortName;
    [w2, , newport] = createPort(w2, { kind: 'io', peropen, uids: [], gids: [] }, ioLabel(po, []), server, { armed: true });
    k.change(withWorld(k.state, w2), { kind: 'hurd-rights', op: 'allocate', space: server, pid: party(k, server).pid, names: [newport], detail: `new protid on the same peropen (${po.path})` });
    const { name, ids } = handshake(k, { client, clientAuth: auth, clientRef: ref, server, serverAuth: serverInfo?.authPort ?? 0, serverRef: req.names[0]!, newport });
    // The new protid carries the user's effective ids.
    w2 = worldOf(k.state);
    const np = entryOf(w2, server, newport)!.port;
    const p = portOf(w2, np);
    k.change(withWorld(k.state, { ...w2, ports: w2.ports.set(np, { ...p, object: { kind: 'io', peropen, uids: ids.euids, gids: ids.egids }, label: ioLabel(po, ids.euids) }) }), {
      kind: 'hurd-rights',
      op: 'insert',
      space: server,
      pid: party(k, server).pid,
      names: [newport],
      detail: `the new protid gets uids ${idsText(ids.euids)} gids ${idsText(ids.egids)}`,
    });
    dealloc(k, server, req.names[0]!, 'the server is done with the rendezvous');
    result = name;
    return { value: undefined };
  });
  destroy(k, client, ref, 'the rendezvous is no longer needed');
  return result;
}

export { authIdsOf };
