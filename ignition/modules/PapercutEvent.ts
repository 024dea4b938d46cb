import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type { Future } from "@nomicfoundation/ignition-core";

import PapercutRendererModule from "./PapercutRenderer.js";
import PapercutTicketModule from "./PapercutTicket.js";
import { addTicketClaims } from "./TicketClaims.js";
import { CONTRACT_ROLES, EVENT_ROLE_NAMES } from "../../src/event/roles.js";

export interface EventModuleOptions {
  /** Door accounts that get the ticket's gate role (checksummed). */
  gates: readonly string[];
  /** When set (and not the deployer): every role is granted to it, then the deployer gives up its own. */
  handoverTo?: string | undefined;
}

/**
 * The whole event as one Ignition deployment: the ticket ({@link PapercutTicketModule}) and its renderer
 * ({@link PapercutRendererModule}) as submodules, the claims contract (with the minter role) and the donation
 * ledger, then the wiring: the renderer and the ledger set on the ticket, the gate role for each gate account,
 * and, last, the handover of every role to the configured admin. Each gate and each role is its own future,
 * so a re-run with one more gate sends exactly one transaction. Built from the event file by
 * `tickets event deploy`; parameters go to the submodules (`PapercutTicketModule`, `PapercutRendererModule`).
 *
 * @example
 * const module = buildEventModule({ gates: ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8"] });
 */
export function buildEventModule({ gates, handoverTo }: EventModuleOptions) {
  return buildModule("PapercutEventModule", (m) => {
    const deployer = m.getAccount(0);
    const { ticket } = m.useModule(PapercutTicketModule);
    const { renderer } = m.useModule(PapercutRendererModule);
    const { claims, grantMinter } = addTicketClaims(m, ticket, deployer);
    const ledger = m.contract("DonationLedger", [ticket, deployer]);

    const wiring = [
      grantMinter,
      m.call(ticket, "setRenderer", [renderer], { id: "SetRenderer" }),
      m.call(ticket, "setDonationLedger", [ledger], { id: "SetDonationLedger" }),
    ];
    // Each gate depends on the ticket alone, so Ignition runs it in the batch after the ticket's, before the
    // handover (which comes after the wiring): and a gate added to the file later adds a future without adding
    // a dependency to the handover's finished futures (Ignition refuses that as an incompatible change).
    for (const gate of gates) {
      m.call(ticket, "grantRole", [EVENT_ROLE_NAMES.gate, gate], { id: `GrantGateRole_${gate}` });
    }

    if (handoverTo !== undefined) {
      const contracts = { ticket, claims, ledger } as const;
      const grants = [];
      for (const [name, contract] of Object.entries(contracts)) {
        for (const role of CONTRACT_ROLES[name as keyof typeof CONTRACT_ROLES]) {
          grants.push(
            m.call(contract, "grantRole", [EVENT_ROLE_NAMES[role], handoverTo], {
              id: `Handover_${name}_${role}_Grant`,
              after: wiring,
            }),
          );
        }
      }
      for (const [name, contract] of Object.entries(contracts)) {
        // The admin role last: renouncing it first would leave the deployer unable to finish.
        const roles = [...CONTRACT_ROLES[name as keyof typeof CONTRACT_ROLES]].sort((a, b) =>
          a === "admin" ? 1 : b === "admin" ? -1 : 0,
        );
        let previous: Future[] = grants;
        for (const role of roles) {
          const renounce = m.call(contract, "renounceRole", [EVENT_ROLE_NAMES[role], deployer], {
            id: `Handover_${name}_${role}_Renounce`,
            after: previous,
          });
          previous = [renounce];
        }
      }
    }
    return { ticket, renderer, claims, ledger };
  });
}
