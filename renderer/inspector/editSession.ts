/**
 * Edit sessions: a field gets a fresh number each time it is focused, and the edits made
 * within one focus share a history merge key, so typing "128" is one undo step and
 * coming back to the field later starts a new one.
 */
let counter = 0;

export function nextEditSession(): number {
  return ++counter;
}
