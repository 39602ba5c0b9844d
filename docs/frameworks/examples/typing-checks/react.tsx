/* eslint-disable @typescript-eslint/no-unsafe-return -- the lines marked @ts-expect-error are wrong on purpose */
// What the React typings catch. Compiled with the examples: an `@ts-expect-error` whose line compiles
// is itself an error, so these lines prove the typings are there and not `any`.
import 'call-elements/define';
import type {} from 'call-elements/react';

export const checks = (
  <>
    {/* @ts-expect-error providerOptions is an object (a property), never a string attribute */}
    <call-session providerOptions="token=secret"></call-session>
    {/* @ts-expect-error the detail of call-error is { error }, not { call } */}
    <call-session oncall-error={(event) => event.detail.call}></call-session>
    {/* @ts-expect-error no such tag */}
    <call-sesion></call-sesion>
    {/* @ts-expect-error an element's property keeps its type */}
    <call-session participants="six"></call-session>
    <call-session provider="simulated" participants={6} oncall-ended={(event) => event.detail.call.endReason?.code}></call-session>
  </>
);
