import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['sdk/operations/**/*.graphql'],
  generates: {
    'sdk/generated/graphql.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
        scalars: {
          DateTime: 'string',
          Date: 'string',
          Decimal: 'string',
          File: 'File',
          ID: 'string',
        },
      },
    },
  },
};

export default config;
