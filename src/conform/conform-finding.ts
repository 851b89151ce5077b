/** What `conform` reports of one difference between a server's document and the contract. */

export type Severity = "failure" | "warning";

export interface ConformFinding {
  severity: Severity;
  /** The differ's rule (`request-maximum-decreased`), or conform's own (`response-field-renamed`, `allow-list-entry-unused`). */
  rule: string;
  /** The contract's operationId of the first operation it touches (`METHOD /path` for one the contract lacks). */
  operation: string;
  /** Every operation it touches. */
  operations: string[];
  message: string;
  /** JSON Pointers of the node in the contract's bundled document and in the server's, as each was given. */
  contractPointer: string;
  serverPointer: string;
}
