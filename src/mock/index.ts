/** Entry `@mycreditapp/api-contract/mock`: the Prism-backed mock of the API, for Node. */
export { bundledSpecPath, MockStartError, startMockServer, type MockServer, type MockServerOptions } from "./mock-server.ts";
