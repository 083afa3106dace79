/**
 * ESLint rule `layers/one-way`: a module may import only from its own layer and the layers its
 * entry in eslint.config.js allows. Relative imports and the web app's `@forms/` and `@contract/`
 * aliases are resolved to a path in the repository and matched against the layers' paths (the
 * longest prefix wins); packages are not checked. An import of a server/ or workers/ path that is in
 * no layer is an error too, so a new folder gets a place in the layers before it is used.
 */
import path from 'node:path';

const aliases = { '@forms/': 'forms/', '@contract/': 'contract/' };

const extension = /\.(c|m)?[jt]sx?$/;

function layerOf(path_, layers) {
  const file = path_.replace(extension, '');
  let found;
  for (const layer of layers) {
    for (const entry of layer.paths) {
      const prefix = entry.replace(extension, '');
      if ((file === prefix || (prefix.endsWith('/') && file.startsWith(prefix))) && (!found || prefix.length > found.prefix.length)) {
        found = { layer, prefix };
      }
    }
  }
  return found?.layer;
}

function resolveTarget(spec, filename, root) {
  for (const [alias, folder] of Object.entries(aliases)) if (spec.startsWith(alias)) return folder + spec.slice(alias.length);
  if (!spec.startsWith('.')) return undefined;
  return path.relative(root, path.resolve(path.dirname(filename), spec)).split(path.sep).join('/');
}

const oneWay = {
  meta: {
    type: 'problem',
    docs: { description: 'Imports point one way through the layers (README, Architecture).' },
    schema: [
      {
        type: 'object',
        properties: { root: { type: 'string' }, layers: { type: 'array' } },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      uphill: "{{from}} ({{fromLayer}}) may not import {{target}} ({{toLayer}}): {{fromLayer}} may import only {{allowed}}.",
      unplaced: '{{target}} is in no layer: give its folder a place in the layers in eslint.config.js.',
    },
  },
  create(context) {
    const { root, layers } = context.options[0];
    const from = path.relative(root, context.filename).split(path.sep).join('/');
    const own = layerOf(from, layers);
    if (!own || own.mayImport === '*') return {};
    const check = (node) => {
      const spec = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined;
      if (!spec) return;
      const target = resolveTarget(spec, context.filename, root);
      if (!target) return;
      const to = layerOf(target, layers);
      if (!to) {
        if (/^(server|workers)\//.test(target)) context.report({ node, messageId: 'unplaced', data: { target } });
        return;
      }
      if (to === own || own.mayImport.includes(to.name)) return;
      context.report({
        node,
        messageId: 'uphill',
        data: { from, fromLayer: own.name, target, toLayer: to.name, allowed: [own.name, ...own.mayImport].join(', ') },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'one-way': oneWay } };
