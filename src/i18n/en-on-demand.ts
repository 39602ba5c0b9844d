/**
 * The English strings of the parts of the elements that load on first use: the transfer and merge panels of
 * `<call-controls>` and the form of `<call-wrap-up>`. They load with those parts (form-panel.ts adds them),
 * so pages that never open them do not download them. Spanish and German have them in their own tables.
 */
export const enOnDemand = {
  // transfer and merge panels
  'transfer.label': 'Transfer call',
  'transfer.to-call': 'Transfer to {name}',
  'transfer.cancel': 'Cancel',
  'merge.with': 'Merge with {name}',
  // after-call work
  'wrap-up.code': 'Wrap-up code',
  'wrap-up.choose': 'Choose a code',
  'wrap-up.notes': 'Notes',
  'wrap-up.submit': 'Submit',
  'wrap-up.skip': 'Done without code',
  'wrap-up.time-left': 'Time left',
  'wrap-up.code-required': 'Choose a wrap-up code.',
} as const;
