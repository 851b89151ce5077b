/**
 * Entry `@mycreditapp/api-contract/mock`: the Prism-backed mock of the API, for Node. Needs
 * `@stoplight/prism-cli` (5.14.2, an optional peer dependency) installed by the consumer.
 */
export { bundledSpecPath, MockStartError, startMockServer, type MockServer, type MockServerOptions } from "./mock-server.ts";
export { startContractProxy, type ContractProxy, type ContractProxyOptions, type ContractReport } from "../contract/contract-proxy.ts";
export { MissingPeerError } from "../peers/missing-peer.ts";
