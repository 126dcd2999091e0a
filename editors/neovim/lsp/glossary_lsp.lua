-- glossary-lsp for Neovim 0.11+: partner-program glossary terms in Markdown and plain text.
--
-- Install: put the folder holding this `lsp/` directory on the runtimepath (or copy this file to
-- ~/.config/nvim/lsp/glossary_lsp.lua), then in init.lua:
--
--   vim.lsp.enable('glossary_lsp')
--
-- Override anything with vim.lsp.config (merged over this table), e.g.
--
--   vim.lsp.config('glossary_lsp', {
--     cmd = { '/path/to/glossary-lsp' },
--     init_options = { glossaries = { 'docs/team-glossary.toml' },
--                      rules = { ['context-misuse'] = 'off' } },
--   })
--
-- Settings (the keys of .glossary-lsp.toml, plus two server-only keys; every key optional):
--   builtin     boolean    use the built-in partner-program glossary (default true)
--   glossaries  string[]   extra glossary files, relative to the workspace root
--   rules       table      rule code -> 'error' | 'warning' | 'info' | 'hint' | 'off'
--   languages   string[]   language ids checked (default { 'markdown', 'plaintext', 'text' })
--   inlayHints  boolean    show an acronym's expansion as an inlay hint (default false)
-- A .glossary-lsp.toml found walking up from each file is read too; these settings win.

---@type vim.lsp.Config
return {
  cmd = { 'glossary-lsp' },
  filetypes = { 'markdown', 'text' },
  root_markers = { '.glossary-lsp.toml', '.git' },
  -- Sent with `initialize`. Add your keys with vim.lsp.config (tables are merged). An empty Lua
  -- table is sent as `{}`: leave a list out rather than writing `glossaries = {}`.
  init_options = { builtin = true, inlayHints = false },
  -- `settings = { ['glossary-lsp'] = { ... } }` is sent with workspace/didChangeConfiguration
  -- after `initialize` and REPLACES init_options: use one or the other. To change a running
  -- server: client.settings = ...; client:notify('workspace/didChangeConfiguration',
  -- { settings = client.settings }).
}
