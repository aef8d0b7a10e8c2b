/** CDK app entry (`cdk.json`): `npx cdk synth` / `npx cdk deploy --all` in this folder. */
import { createApp } from './stacks.js';

createApp().app.synth();
