/**
 * What the rest of execsim (language server, debugger, tests) uses of the
 * CloudABI personality. Re-exporting from the augmentation modules also
 * brings CloudABI's actions, expectations, events and state into the types of
 * whoever imports sim-core.
 */
export type { CloudabiActions, YamlNode } from './actions.js';
export { DEFAULT_REEXEC_PATH } from './actions.js';
export type { CloudabiExpectations } from './expectations.js';
export type { CloudabiEvents } from './events.js';
export type { CloudabiState, CloudabiImage, CloudabiAuxEntry, CloudabiAuxType, ExecMessage, ExecStage } from './state.js';
export { CLOUDABI_AUX_TYPES, cloudabiOf, messageInFlight } from './state.js';
export type { Argdata, ArgdataEntry, ArgdataType } from './argdata/value.js';
export {
  argBinary,
  argBool,
  argBuffer,
  argFalse,
  argFd,
  argFloat,
  argInt,
  argMap,
  argNull,
  argSeq,
  argStr,
  argTimestamp,
  argTrue,
  floatBits,
  floatFromBits,
} from './argdata/value.js';
export { serialize as serializeArgdata, serializedLength as argdataSerializedLength } from './argdata/serialize.js';
export { decodeArgdata, decodeProblems, type DecodedArgdata, type DecodeProblem } from './argdata/reader.js';
export { formatArgdata, formatDecoded } from './argdata/format.js';
export { printYaml } from './argdata/print-yaml.js';
export { creationFault, representationProblems } from './argdata/create.js';
export { toHex as argdataHex, fromHex as argdataBytes } from './argdata/wire.js';
export { formatYaml } from './describe.js';
