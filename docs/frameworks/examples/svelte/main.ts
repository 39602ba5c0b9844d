import { mount } from 'svelte';
import CallPage from './CallPage.svelte';

mount(CallPage, { target: document.getElementById('app')! });
