-- glossary-lsp for lazy.nvim (Neovim 0.11+). Copy this file to
-- ~/.config/nvim/lua/plugins/glossary-lsp.lua and set `dir` to your checkout of the
-- glossary-lsp repository (or replace `dir` with `url = '<the repository URL>'` to let lazy.nvim
-- clone it). lazy.nvim then:
--   - builds and installs the server once (`cargo install --locked --path .`, into ~/.cargo/bin;
--     skip `build` if you install the binary another way, e.g. from a release tarball or Mason);
--   - loads it for Markdown, MDX and text files, and enables the shipped LSP configuration
--     (editors/neovim/lsp/glossary_lsp.lua) with completion and virtual-text diagnostics.
return {
  {
    'glossary-lsp',
    dir = vim.fn.expand('~/src/glossary-lsp'),
    ft = { 'markdown', 'mdx', 'text' },
    build = 'cargo install --locked --path .',
    config = function(plugin)
      vim.opt.runtimepath:append(plugin.dir .. '/editors/neovim')
      -- Neovim 0.11 has no filetype for .mdx (Docusaurus pages): give them one.
      vim.filetype.add({ extension = { mdx = 'mdx' } })
      -- Findings at the end of the line, not only as signs (Neovim 0.11 turned this off).
      vim.diagnostic.config({ virtual_text = true })
      vim.api.nvim_create_autocmd('LspAttach', {
        group = vim.api.nvim_create_augroup('glossary-lsp-completion', { clear = true }),
        callback = function(ev)
          local client = vim.lsp.get_client_by_id(ev.data.client_id)
          if client and client.name == 'glossary_lsp' then
            -- Completion of glossary terms: <C-x><C-o> (or as you type with autotrigger),
            -- <C-n>/<C-p> to choose, <C-y> to accept the whole term.
            vim.lsp.completion.enable(true, client.id, ev.buf, { autotrigger = false })
          end
        end,
      })
      vim.lsp.enable('glossary_lsp')
    end,
  },
}
