/** Asks the OS for a free TCP port on a host by binding port 0 and releasing it at once. */
import { createServer } from "node:net";

export function findFreePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error("The OS gave no free port"))));
    });
  });
}
