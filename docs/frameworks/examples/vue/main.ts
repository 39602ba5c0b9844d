import { createApp } from 'vue';
import CallPage from './CallPage.vue';

createApp(CallPage).mount('#app');
