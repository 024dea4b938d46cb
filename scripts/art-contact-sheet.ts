/**
 * `npm run art:contact-sheet`: writes docs/papercut-contact-sheet.png, the sample event's tickets in the four
 * states (valid, admitted, souvenir, voided), whole and as a wallet's square crop, as the renderer draws them.
 */
import { writeFileSync } from "node:fs";

import { SAMPLE_ART } from "../ignition/modules/PapercutRenderer.js";
import { renderContactSheet } from "../src/art/contact-sheet.js";
import { TicketState } from "../src/art/state.js";

const file = "docs/papercut-contact-sheet.png";
writeFileSync(
  file,
  renderContactSheet({
    config: SAMPLE_ART,
    tickets: [
      { tokenId: 3n, state: TicketState.Valid, caption: "有效 Valid" },
      { tokenId: 42n, state: TicketState.CheckedIn, caption: "已入场 Admitted" },
      { tokenId: 520n, state: TicketState.Souvenir, caption: "纪念 Souvenir" },
      { tokenId: 2942n, state: TicketState.Voided, caption: "已作废 Voided" },
    ],
  }),
);
console.log(`Wrote ${file}`);
