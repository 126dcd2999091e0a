-- glossary-lsp for Neovim 0.11+: partner-program glossary terms in Markdown, MDX and plain text.
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
--   languages   string[]   language ids checked (default { 'markdown', 'mdx', 'plaintext', 'text' })
--   inlayHints  boolean    show an acronym's expansion as an inlay hint (default false)
-- A .glossary-lsp.toml found walking up from each file is read too; these settings win.
--
-- MDX: Neovim 0.11 gives .mdx files no filetype; add one in init.lua so the server attaches
-- (it reads any .mdx file as MDX, whatever the filetype is called):
--
--   vim.filetype.add({ extension = { mdx = 'mdx' } })
--
-- Rename a term with vim.lsp.buf.rename() (`grn`): every use of that form in the buffer, with
-- its plural, possessive and capitals. Neovim 0.11 cannot confirm edits in other files, so the
-- server renames in the current buffer only and says so.
--
-- Code lens on a team glossary's entries ("12 uses in 5 files") needs the server attached to
-- the glossary's TOML buffer (add 'toml' to `filetypes`) and vim.lsp.codelens.refresh() (e.g.
-- on BufEnter/InsertLeave); vim.lsp.codelens.run() on a lens puts the uses in the quickfix list.

---@type vim.lsp.Config
return {
  cmd = { 'glossary-lsp' },
  filetypes = { 'markdown', 'mdx', 'text' },
  root_markers = { '.glossary-lsp.toml', '.git' },
  -- Sent with `initialize`. Add your keys with vim.lsp.config (tables are merged). An empty Lua
  -- table is sent as `{}`: leave a list out rather than writing `glossaries = {}`.
  init_options = { builtin = true, inlayHints = false },
  -- The command of a glossary entry's code lens: the server returns the entry's uses as
  -- locations; they go to the quickfix list.
  commands = {
    ['glossary-lsp.showUses'] = function(command, ctx)
      local client = assert(vim.lsp.get_client_by_id(ctx.client_id))
      client:request('workspace/executeCommand', command, function(err, result)
        if err or type(result) ~= 'table' then
          vim.notify('glossary-lsp: ' .. (err and err.message or 'no uses'), vim.log.levels.WARN)
          return
        end
        local items = vim.lsp.util.locations_to_items(result, client.offset_encoding)
        vim.fn.setqflist({}, ' ', { title = 'Uses of ' .. tostring(command.arguments[1].entry), items = items })
        vim.cmd('botright copen')
      end)
    end,
  },
  -- `settings = { ['glossary-lsp'] = { ... } }` is sent with workspace/didChangeConfiguration
  -- after `initialize` and REPLACES init_options: use one or the other. To change a running
  -- server: client.settings = ...; client:notify('workspace/didChangeConfiguration',
  -- { settings = client.settings }).
}
