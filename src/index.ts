/**
 * @mycreditapp/api-contract: the types of the MyCreditApp v1-beta API, generated from its OpenAPI
 * spec, and a typed client. Runtime response validators live in `./validators`; the mock server
 * in `./mock` (Node only); the in-process MSW mock in `./msw`.
 */
export type * from "../generated/types.js";
export {
  createMyCreditAppClient,
  type CollectAllMethods,
  type CollectOptions,
  type MyCreditAppClient,
  type OperationMethods,
  type PaginateMethods,
  type RawMethods,
  type RawResult,
  type SuccessBody,
} from "./client/create-client.ts";
export type { OperationArguments, PageOperationId } from "../generated/operations.js";
export { createBoundFetchClient, type BoundFetchClient, type BoundFetchClientOptions, type BoundPaths } from "./client/bound-fetch-client.ts";
export type { InputPaths } from "./client/caller-paths.ts";
export {
  AbortError,
  ApiError,
  ConfigurationError,
  InvalidResponseError,
  isApiError,
  MyCreditAppError,
  NetworkError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  TokenError,
  TooManyItemsError,
  type ApiErrorItem,
  type DocumentedErrorStatus,
  type ErrorStatus,
  type OperationError,
} from "./client/errors.ts";
export { DEFAULT_BASE_URL, type ClientOptions, type FetchFunction, type ResponseValidator, type TokenSource } from "./client/client-options.ts";
export { DEFAULT_RETRY, type CallOptions, type RetryOptions } from "./client/call-options.ts";
export { isNonEmpty, type NonEmptyArray } from "./client/non-empty.ts";
export type { PageQuery } from "./client/paginate.ts";
export { createPlainClient, createRawClient, type PlainClient, type RawClient } from "./client/plain-client.ts";
