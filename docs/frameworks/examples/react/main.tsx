import { createRoot } from 'react-dom/client';
import { CallPage } from './CallPage.js';

createRoot(document.getElementById('app')!).render(<CallPage />);
