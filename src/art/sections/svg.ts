import { centi } from "../format.js";

/**
 * `<use>` of an element by id, rotated by an angle in hundredths of a degree (no transform at 0).
 *
 * @param id - The referenced element's id.
 * @param angle - Rotation in hundredths of a degree, non-negative.
 * @returns The element.
 * @example
 * use("s0", 1250); // '<use href="#s0" transform="rotate(12.5)"/>'
 */
export function use(id: string, angle: number): string {
  return angle === 0 ? `<use href="#${id}"/>` : `<use href="#${id}" transform="rotate(${centi(angle)})"/>`;
}
