/**
 * `npm run golden:record`: write the answers to the golden requests (test/golden/requests.ts) to
 * test/golden/answers.json. Run it when a change is meant to move answers, and read the diff.
 */
import { writeFileSync } from 'node:fs';
import { answerAll } from '../test/golden/answer.js';

const answers = await answerAll();
writeFileSync('test/golden/answers.json', `${JSON.stringify(answers, null, 1)}\n`);
console.log(`recorded ${answers.length} answers in test/golden/answers.json`);
