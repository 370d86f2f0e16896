import { describeHostileShapes } from './pathological-cases';

describeHostileShapes('atom');
