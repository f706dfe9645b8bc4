import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Console } from './shell/Console.js';
import './styles/console.css';
import './styles/page.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Console />
  </StrictMode>,
);
