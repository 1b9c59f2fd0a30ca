/**
 * Names are local to one scenario: tasks (declared with `task` or created by
 * fork, vfork, clone, kernel_thread and user_mode_thread), the threads of a task (declared in it or created by
 * its pthread_create calls) and action labels. Whether a name exists yet at
 * the line that uses it is an ordering question the validator answers; here
 * every name of the file is visible, so references resolve and editors can
 * navigate them.
 */
import { AstUtils, EMPTY_SCOPE, MapScope, type AstNode, type AstNodeDescription, type LangiumCoreServices, type ReferenceInfo, type Scope, type ScopeProvider } from 'langium';
import type { AstNodeDescriptionProvider } from 'langium';
import * as ast from '../generated/ast.js';
import { isSubject } from './subject.js';
import { callOf, childOf } from '../node-types.js';

interface Names {
  readonly tasks: Scope;
  readonly labels: Scope;
  /** Threads per task node, computed on first use. */
  readonly threads: Map<ast.TaskLike, Scope>;
}

export class ExecsimScopeProvider implements ScopeProvider {
  private readonly descriptions: AstNodeDescriptionProvider;
  private readonly cache = new WeakMap<ast.Scenario, Names>();

  constructor(services: LangiumCoreServices) {
    this.descriptions = services.workspace.AstNodeDescriptionProvider;
  }

  getScope(context: ReferenceInfo): Scope {
    const root = AstUtils.findRootNode(context.container);
    if (!ast.isScenario(root)) return EMPTY_SCOPE;
    const names = this.namesOf(root);
    if (context.property === 'label') return names.labels;
    if (context.property === 'thread' && isSubject(context.container)) {
      const task = context.container.task?.ref;
      return task ? this.threadsOf(root, task, names) : EMPTY_SCOPE;
    }
    return names.tasks;
  }

  private describe(nodes: Iterable<AstNode & { name?: string }>): AstNodeDescription[] {
    const out: AstNodeDescription[] = [];
    for (const n of nodes) if (n.name !== undefined) out.push(this.descriptions.createDescription(n, n.name));
    return out;
  }

  private namesOf(root: ast.Scenario): Names {
    let names = this.cache.get(root);
    if (names) return names;
    const tasks: (ast.Task | ast.NewTask)[] = [];
    const labels: ast.ActionLabel[] = [];
    for (const s of root.statements) {
      if (ast.isTask(s)) tasks.push(s);
      else if (ast.isAction(s)) {
        if (s.label) labels.push(s.label);
        const child = childOf(s);
        if (child) tasks.push(child);
      }
    }
    // Descriptions are made in reverse so that the first definition of a duplicated name wins.
    names = {
      tasks: new MapScope(this.describe(tasks).reverse()),
      labels: new MapScope(this.describe(labels).reverse()),
      threads: new Map(),
    };
    this.cache.set(root, names);
    return names;
  }

  private threadsOf(root: ast.Scenario, task: ast.TaskLike, names: Names): Scope {
    let scope = names.threads.get(task);
    if (scope) return scope;
    const threads: (ast.ThreadDecl | ast.NewThread)[] = [];
    if (ast.isTask(task)) for (const e of task.entries) if (ast.isThreadDecl(e)) threads.push(e);
    for (const s of root.statements) {
      const call = ast.isAction(s) ? callOf(s) : undefined;
      if (call?.$type === 'PthreadCreate' && call.newThread && call.task?.ref === task) threads.push(call.newThread);
    }
    scope = new MapScope(this.describe(threads).reverse());
    names.threads.set(task, scope);
    return scope;
  }
}
