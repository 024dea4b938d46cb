import { network } from "hardhat";
import { benchAddresses } from "./lib/gas.js";
const { ethers, networkHelpers } = await network.create();
const [admin, alice, bob] = await ethers.getSigners();
const t: any = await ethers.deployContract("PapercutTicket", ["P", "P", 5000n, admin!.address, admin!.address, 500n, "", ""]);
const list = [...benchAddresses(999), alice!.address].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
await t.airdrop(1n, list);
const id = BigInt(list.indexOf(alice!.address) + 1);
const tx = await t.connect(alice).transferFrom(alice!.address, bob!.address, id);
const r = await tx.wait();
console.log("gasUsed", r.gasUsed);
const trace: any = await ethers.provider.send("debug_traceTransaction", [tx.hash, {}]);
const by: Record<string, number> = {};
let total = 0;
for (const s of trace.structLogs) { by[s.op] = (by[s.op] ?? 0) + s.gasCost; total += s.gasCost; }
const sorted = Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 25);
console.log("exec total", total, sorted);
for (const s of trace.structLogs) if (["SLOAD","SSTORE","EXTCODECOPY","KECCAK256","LOG4","TSTORE"].includes(s.op)) console.log(s.op, s.gasCost, s.depth);
