import type { Rule } from 'eslint';
declare const plugin: { rules: { layering: Rule.RuleModule } };
export default plugin;
