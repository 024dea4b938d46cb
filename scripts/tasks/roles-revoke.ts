import { taskAction } from "../lib/cli.js";
import { changeRole, type RolesArguments } from "../lib/roles.js";

export default taskAction<RolesArguments>((args, hre, out) => changeRole(hre, args, out, false));
