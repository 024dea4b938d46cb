import { serveStatic } from "../../src/web/serve.js";
import { PapercutError } from "../../src/errors.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";

interface WebServeArguments extends CommonTaskArguments {
  dir: string;
  port: number;
}

export default taskAction<WebServeArguments>(async (args, _hre, out) => {
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    throw new PapercutError(`--port ${args.port}: not a port number (0-65535)`);
  }
  const site = await serveStatic({ root: args.dir, port: args.port });
  out.say(`Serving ${args.dir} at ${site.url} (loopback only). Ctrl-C to stop.`);
  out.result({ ok: true, url: site.url, port: site.port });
  await new Promise<void>((resolve) => {
    const stop = () => {
      out.note("stopping");
      void site.close().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
});
