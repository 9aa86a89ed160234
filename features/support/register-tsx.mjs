// cucumber-js loads TypeScript through tsx's ESM hooks; `loader: ['tsx']` does not work.
import { register } from 'tsx/esm/api';

register();
