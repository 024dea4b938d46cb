import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * The sample event's art settings (the May 2022 online charity summit, 5,000 tickets). The salt decides every
 * ticket's papercut forever: a real event should pick its own (any 32 random bytes) before deploying.
 */
export const SAMPLE_ART = {
  /** keccak256("papercut-tickets: China Internet Charity Summit, 20 May 2022"). */
  salt: "0xe8106bed21812fac1efadb9347882d94056cb25a6029ac5bbd4aaa9a525c2eb6",
  eventName: "China Internet Charity Summit",
  dateText: "20 May 2022 - Online",
  externalUrl: "",
} as const;

/**
 * Deploys the on-chain papercut renderer (`PapercutRenderer`). Parameters: `salt` (bytes32), `eventName`
 * and `dateText` (the stub's lines: 1..36 letters, digits, spaces and ! # & ' ( ) + , - . / :) and
 * `externalUrl` (prefix of each ticket's `external_url`, empty for none). Point the ticket at it with
 * `setRenderer(renderer)`.
 */
export default buildModule("PapercutRendererModule", (m) => {
  const renderer = m.contract("PapercutRenderer", [
    m.getParameter("salt", SAMPLE_ART.salt),
    m.getParameter("eventName", SAMPLE_ART.eventName),
    m.getParameter("dateText", SAMPLE_ART.dateText),
    m.getParameter("externalUrl", SAMPLE_ART.externalUrl),
  ]);
  return { renderer };
});
