import { expect } from "chai";
import { keccak256, toUtf8Bytes } from "ethers";

import { hexToBytes, RecipientTable, RecipientTableBuilder } from "../../src/issuance/recipient-table.js";

const address = (i: number) => "0x" + keccak256(toUtf8Bytes(`table-${i}`)).slice(26);

describe("RecipientTable (compact recipients)", function () {
  it("merges duplicates, sorts by address and maps ticket offsets back to recipients, as plain objects would", function () {
    const records: { address: string; quantity: number }[] = [];
    for (let i = 0; i < 5000; i++) records.push({ address: address(i % 3100), quantity: 1 + (i % 3) });
    const table = RecipientTable.from(records);

    const naive = new Map<string, number>();
    for (const r of records) naive.set(r.address, (naive.get(r.address) ?? 0) + r.quantity);
    const sorted = [...naive.keys()].sort();
    expect(table.count).to.equal(sorted.length);
    expect(table.totalTickets).to.equal(records.reduce((n, r) => n + r.quantity, 0));
    sorted.forEach((a, i) => {
      expect(table.address(i)).to.equal(a);
      expect(table.quantity(i)).to.equal(naive.get(a));
      expect(table.indexOf(a.toUpperCase().replace("0X", "0x"))).to.equal(i);
    });
    expect(table.indexOf(address(99_999))).to.equal(-1);

    const tickets = sorted.flatMap((a) => Array<string>(naive.get(a)!).fill(a));
    expect(table.ticketAddresses(0, tickets.length)).to.deep.equal(tickets);
    expect(table.ticketAddresses(1234, 2345)).to.deep.equal(tickets.slice(1234, 2345));
    for (const offset of [0, 1, 777, tickets.length - 1]) {
      expect(table.address(table.recipientAt(offset))).to.equal(tickets[offset]);
    }
  });

  it("skips recipients left with no tickets", function () {
    const table = RecipientTable.from([
      { address: address(1), quantity: 2 },
      { address: address(2), quantity: 1 },
      { address: address(3), quantity: 2 },
    ]);
    const q = table.quantities();
    const gone = table.indexOf(address(2));
    q[gone] = 0;
    const less = table.withQuantities(q);
    expect(less.totalTickets).to.equal(4);
    const kept = [0, 1, 2].filter((i) => i !== gone).map((i) => table.address(i));
    expect(less.ticketAddresses(0, 4)).to.deep.equal([kept[0], kept[0], kept[1], kept[1]]);
  });

  it("the builder tells a new address from one seen before, with the line it was first seen on", function () {
    const builder = new RecipientTableBuilder(2); // grows and rehashes as it fills
    const key = new Uint8Array(20);
    for (let i = 0; i < 1000; i++) {
      const { existed } = builder.insert(hexToBytes(address(i), key), i + 2);
      expect(existed).to.equal(false);
    }
    const again = builder.insert(hexToBytes(address(500).toUpperCase().replace("0X", "0x"), key), 9999);
    expect(again.existed).to.equal(true);
    expect(builder.firstLine(again.index)).to.equal(502);
    expect(builder.count).to.equal(1000);
  });
});
