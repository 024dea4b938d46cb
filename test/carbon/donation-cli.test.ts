import { spawn, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";

import { expect } from "chai";
import {
  ContractFactory,
  JsonRpcProvider,
  type BaseContract,
  type ContractTransactionResponse,
} from "ethers";
import { FULL } from "../support/full.js";

/**
 * End to end through the command line against a real `npx hardhat node` on 127.0.0.1 (a free port, in its
 * own process group, killed afterwards). Slow (several Hardhat start-ups): runs with PAPERCUT_FULL=1.
 */

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["hardhat", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

async function deploy(provider: JsonRpcProvider, name: string, args: unknown[]): Promise<BaseContract> {
  const artifact = JSON.parse(await readFile(`artifacts/contracts/${name}.sol/${name}.json`, "utf8")) as {
    abi: [];
    bytecode: string;
  };
  const signer = await provider.getSigner(0);
  const contract = await new ContractFactory(artifact.abi, artifact.bytecode, signer).deploy(...args);
  await contract.waitForDeployment();
  return contract;
}

(FULL ? describe : describe.skip)("donation tasks through the CLI against a real hardhat node", function () {
  let node: ChildProcess | undefined;
  let url = "";
  let env: NodeJS.ProcessEnv = {};
  let ticket = "";

  before(async function () {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    env = { ...process.env, LOCAL_RPC_URL: url };
    node = spawn("npx", ["hardhat", "node", "--hostname", "127.0.0.1", "--port", String(port)], {
      detached: true,
      stdio: "ignore",
    });
    for (let i = 0; ; i++) {
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
        });
        if (res.ok) break;
      } catch (error) {
        if (i > 120) throw error;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const provider = new JsonRpcProvider(url, undefined, { cacheTimeout: -1 });
    const admin = await (await provider.getSigner(0)).getAddress();
    const zero = "0x0000000000000000000000000000000000000000";
    const t = await deploy(provider, "PapercutTicket", [
      "Papercut",
      "CUT",
      100n,
      admin,
      zero,
      0n,
      "",
      "",
      1_893_456_000n, // event start (2030)
      1_893_542_400n,
      0n, // TransferPolicy.Transferable
    ]);
    ticket = await t.getAddress();
    const recipients = Array.from(
      { length: 25 },
      (_, i) => `0x${(0x3000 + i).toString(16).padStart(40, "0")}`,
    );
    await ((await t.getFunction("airdrop")(1n, recipients)) as ContractTransactionResponse).wait();
    const ledger = await deploy(provider, "DonationLedger", [ticket, admin]);
    const point = (await t.getFunction("setDonationLedger")(
      await ledger.getAddress(),
    )) as ContractTransactionResponse;
    await point.wait();
    provider.destroy();
  });

  after(function () {
    if (node?.pid !== undefined) {
      try {
        process.kill(-node.pid, "SIGTERM"); // the whole group: npx and the node it started
      } catch {
        // already gone
      }
    }
  });

  it("quotes from the node, records, and verifies to a match", async function () {
    const quote = await cli(
      ["tickets", "donation", "quote", "--network", "localhost", "--contract", ticket, "--json"],
      env,
    );
    expect(quote.code, quote.stderr).to.equal(0);
    const q = JSON.parse(quote.stdout) as { quotes: { tickets: string; gasSource: string }[] };
    expect(q.quotes.map((x) => [x.tickets, x.gasSource])).to.deep.equal([
      ["25", "chain"],
      ["25", "chain"],
    ]);

    const record = await cli(
      [
        "tickets",
        "donation",
        "record",
        "--network",
        "localhost",
        "--contract",
        ticket,
        "--recipient",
        "Green Charity Foundation",
        "--yes",
        "--json",
      ],
      env,
    );
    expect(record.code, record.stderr).to.equal(0);
    expect((JSON.parse(record.stdout) as { id: string }).id).to.equal("1");

    const verify = await cli(
      ["tickets", "donation", "verify", "--network", "localhost", "--contract", ticket, "--json"],
      env,
    );
    expect(verify.code, verify.stderr).to.equal(0);
    expect((JSON.parse(verify.stdout) as { allMatch: boolean }).allMatch).to.equal(true);
    expect(verify.stderr).to.not.contain(url); // RPC URLs are never printed
  });
});
