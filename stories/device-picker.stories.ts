import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { expect } from 'storybook/test';
import { inSession, part, rendered, sessionArgTypes, shadowOf, simulated, textOf, until, type SessionArgs, type SimulatedParameters } from './simulated-session.js';

type PickerArgs = SessionArgs & { preview?: boolean };

/**
 * Microphone, camera and speaker selection on the simulated platform's devices: asks for permission, says
 * how to fix a denial, follows plugged and unplugged devices, and previews the camera with `preview`.
 */
const meta: Meta<PickerArgs> = {
  title: 'Elements/device-picker',
  component: 'device-picker',
  args: { scenario: 'one-to-one', preview: true },
  argTypes: {
    ...sessionArgTypes,
    // The manifest also has a CSS part named "preview"; the control is the attribute's.
    preview: { control: 'boolean', description: 'Show the selected camera.', table: { category: 'attributes', type: { summary: 'boolean' } } },
  },
  render: (args, { parameters }) =>
    inSession(
      args,
      parameters.simulated as SimulatedParameters | undefined,
      html`<device-picker style="max-width:360px" ?preview=${!!args.preview}></device-picker>`,
    ),
};
export default meta;

type Story = StoryObj<PickerArgs>;

const options = (canvas: HTMLElement, kind: string) => [...part(canvas, 'device-picker', `#${kind}`).querySelectorAll('option')].map(textOf);

/** Before permission: "Allow camera and microphone", and devices numbered because browsers hide their names. */
export const PermissionPrompt: Story = {
  args: { scenario: 'idle', preview: false },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(textOf(part(canvasElement, 'device-picker', '[part="allow"]'))).toBe('Allow camera and microphone');
    await expect(options(canvasElement, 'camera')).toEqual(['Camera 1', 'Camera 2']);
  },
};

/** "Allow" was pressed and the browser's prompt is still open: the button is disabled. */
export const PermissionAsked: Story = {
  args: { scenario: 'idle', preview: false },
  parameters: { simulated: { frozen: true, latencyMs: 1000 } },
  play: async ({ canvasElement }) => {
    const { controller } = await simulated(canvasElement);
    await rendered(canvasElement);
    part(canvasElement, 'device-picker', '[part="allow"]').click();
    await until(controller, (s) => s.pending.length === 1, 'a pending permission request');
    await rendered(canvasElement);
    await expect(part<HTMLButtonElement>(canvasElement, 'device-picker', '[part="allow"]').disabled).toBe(true);
  },
};

/** Access was denied: how to fix it, in an alert. */
export const PermissionDenied: Story = {
  args: { scenario: 'permission-denied', preview: false },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(part(canvasElement, 'device-picker', '[part="denied"]').getAttribute('role')).toBe('alert');
  },
};

/** Permission granted: named devices and the selected camera's preview. */
export const GrantedWithPreview: Story = {
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(options(canvasElement, 'camera')).toEqual(['Simulated Camera', 'Document Camera']);
    await expect(options(canvasElement, 'speaker')).toEqual(['Simulated Speakers', 'Headset']);
    await expect(part(canvasElement, 'device-picker', '[part="preview"] video')).toBeTruthy();
  },
};

/** A headset was plugged in and chosen. */
export const HeadsetPlugged: Story = {
  args: { preview: false },
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.plugDevice({ id: 'usb-headset-mic', label: 'USB Headset Microphone', kind: 'microphone' });
    await controller.selectDevice('microphone', 'usb-headset-mic');
    await rendered(canvasElement);
    const select = part<HTMLSelectElement>(canvasElement, 'device-picker', '#microphone');
    await expect(textOf(select.selectedOptions[0])).toBe('USB Headset Microphone');
  },
};

/** Every camera was unplugged: "No device found", and the select is disabled. */
export const NoCamera: Story = {
  args: { preview: false },
  play: async ({ canvasElement }) => {
    const { controller, provider } = await simulated(canvasElement);
    provider.unplugDevice('sim-cam-1');
    provider.unplugDevice('sim-cam-2');
    await until(controller, (s) => s.devices.cameras.length === 0, 'no cameras');
    await rendered(canvasElement);
    await expect(options(canvasElement, 'camera')).toEqual(['No device found']);
    await expect(part<HTMLSelectElement>(canvasElement, 'device-picker', '#camera').disabled).toBe(true);
  },
};

/** An agent console has no local media: nothing to pick. */
export const CallControl: Story = {
  args: { scenario: 'call-control', 'display-name': 'Agent', preview: false },
  play: async ({ canvasElement }) => {
    await simulated(canvasElement);
    await rendered(canvasElement);
    await expect(shadowOf(canvasElement, 'device-picker').querySelectorAll('select, button')).toHaveLength(0);
  },
};
