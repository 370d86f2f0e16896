import { describeHostileShapes } from './pathological-cases';

describeHostileShapes('json');
