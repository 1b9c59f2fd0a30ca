/**
 * Linking with a plain walk over the syntax tree. Langium's default walks it
 * through generic streams, which costs more than the linking itself on large
 * scenarios; the result is the same (every reference of every node, in tree
 * order), so grammar sections that add references need nothing here.
 */
import { DefaultLinker, interruptAndCheck, isAstNode, isReference, type AstNode, type LangiumDocument } from 'langium';
import { Cancellation } from 'langium';

export class ExecsimLinker extends DefaultLinker {
  override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
    const root = document.parseResult.value;
    const children = (root as AstNode & { statements?: AstNode[] }).statements;
    if (!Array.isArray(children)) return super.link(document, cancelToken);
    for (let i = 0; i < children.length; i++) {
      if ((i & 127) === 0) await interruptAndCheck(cancelToken);
      this.linkTree(children[i]!, document);
    }
  }

  private linkTree(node: AstNode, document: LangiumDocument): void {
    for (const key in node) {
      if (key.charCodeAt(0) === 36 /* $ */) continue;
      const value = (node as unknown as Record<string, unknown>)[key];
      if (isReference(value)) this.doLink({ reference: value, container: node, property: key }, document);
      else if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
          const item = value[index] as unknown;
          if (isReference(item)) this.doLink({ reference: item, container: node, property: key, index }, document);
          else if (isAstNode(item)) this.linkTree(item, document);
        }
      } else if (isAstNode(value)) this.linkTree(value, document);
    }
  }
}
