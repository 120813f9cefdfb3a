// The wire contract moved to @bianmin/contract; this entry re-exports it for old importers.
export * from '@bianmin/contract';
