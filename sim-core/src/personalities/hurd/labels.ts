/** Display texts for ports and their objects, shared by events, the trace and expectations. */
import { idsText } from './idvec.js';
import type { AuthIds, OpenModes, Peropen } from './state.js';

export function modesText(m: OpenModes): string {
  const out = [m.read && 'O_READ', m.write && 'O_WRITE', m.exec && 'O_EXEC'].filter(Boolean);
  return out.length ? out.join('|') : '0';
}

export function authText(ids: AuthIds): string {
  return `eu ${idsText(ids.euids)} au ${idsText(ids.auids)} eg ${idsText(ids.egids)} ag ${idsText(ids.agids)}`;
}

export function authLabel(ids: AuthIds): string {
  return `auth {${authText(ids)}}`;
}

export function ioLabel(po: Peropen, uids: readonly number[]): string {
  return `io ${po.path} (${modesText(po.modes)}) uids ${idsText(uids)}`;
}

/** 3 5 7-12: runs of consecutive names shortened. */
export function compactNames(ns: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    out.push(j - i >= 2 ? `${ns[i]}-${ns[j]}` : j === i ? `${ns[i]}` : `${ns[i]} ${ns[j]}`);
    i = j + 1;
  }
  return out.join(' ');
}

export function sameIds(a: AuthIds, b: AuthIds): boolean {
  const eq = (x: readonly number[], y: readonly number[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return eq(a.euids, b.euids) && eq(a.auids, b.auids) && eq(a.egids, b.egids) && eq(a.agids, b.agids);
}
