import { describeHostileShapes } from './pathological-cases';

describeHostileShapes('rss');
