import { network } from "hardhat";
import { benchAddresses } from "./lib/gas.js";
const { ethers } = await network.create();
const [admin] = await ethers.getSigners();
const list = benchAddresses(1228);
for (const name of ["ERC721RosterMock", "PapercutTicket"]) {
  const args = name === "PapercutTicket" ? ["P", "P", 5000n, admin!.address, admin!.address, 500n, "", ""] : ["R", "R"];
  const t = await ethers.deployContract(name, args);
  const est = async (n: number) => name === "PapercutTicket"
    ? await (t as any).airdrop.estimateGas(1n, list.slice(0, n))
    : await (t as any).writeRoster.estimateGas(1n, list.slice(0, n));
  const e1 = await est(1), e100 = await est(100), e1000 = await est(1000), e1228 = await est(1228);
  console.log(name, { e1, e100, e1000, e1228, marginal: Number(e1000 - e100) / 900, perTicket1000: Number(e1000) / 1000 });
}
