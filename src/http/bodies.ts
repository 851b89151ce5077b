/** The body types of the operations, read from the generated types: what the client returns and the in-process mock answers. */
import type { OperationSuccessStatus } from "../../generated/operations.js";
import type { OperationId, operations } from "../../generated/types.js";

/** The body of an operation's success response (`undefined` for one without content). */
export type SuccessBody<O extends OperationId> = operations[O]["responses"][OperationSuccessStatus[O]] extends { content: { "application/json": infer B } }
  ? B
  : undefined;
