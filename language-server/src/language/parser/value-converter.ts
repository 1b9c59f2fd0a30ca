/** Token values: strings with the language's escapes; everything else as Langium does. */
import { DefaultValueConverter, type CstNode, type GrammarAST, type ValueType } from 'langium';
import { decodeString } from './strings.js';

export class ExecsimValueConverter extends DefaultValueConverter {
  protected override runConverter(rule: GrammarAST.AbstractRule, input: string, cstNode: CstNode): ValueType {
    if (rule.name === 'STRING') return decodeString(input).value;
    return super.runConverter(rule, input, cstNode);
  }
}
