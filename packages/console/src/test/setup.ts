// DOM matchers (`toHaveTextContent`, `toHaveFocus`, …) for the component tests.
import '@testing-library/jest-dom/vitest';
