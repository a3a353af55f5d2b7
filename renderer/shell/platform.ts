/** macOS writes ⌘ where others write Ctrl, and its Ctrl+letter belongs to the system. */
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
