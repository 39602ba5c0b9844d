import { useState } from 'react';
import 'call-elements/define'; // registers the tags before React first renders them
import type {} from 'call-elements/react'; // JSX types for <call-session>, <call-controls>, …

// A property, never an attribute: tokens and callbacks stay in memory. Keep the object stable
// (module scope or useMemo): a new object makes the session start a new provider.
const providerOptions = {
  ringMs: 1000,
  token: async () => (await fetch('/api/call-token')).text(), // read by acs/kandy/…; simulated ignores it
};

export function CallPage() {
  const [notice, setNotice] = useState('');
  return (
    <>
      <call-session
        provider="simulated"
        scenario="one-to-one"
        displayName="Ada"
        providerOptions={providerOptions}
        oncall-error={(event) => setNotice(`Error: ${event.detail.error.code}`)}
        oncall-ended={(event) => setNotice(`Call ended: ${event.detail.call.endReason?.code ?? 'unknown'}`)}
      >
        <call-status></call-status>
        <call-controls></call-controls>
        <call-dialer></call-dialer>
        <incoming-call></incoming-call>
      </call-session>
      <p role="status">{notice}</p>
    </>
  );
}
