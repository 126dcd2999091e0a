-- The lazy.nvim spec (editors/neovim/lazy.lua) does what lazy.nvim would have it do: its
-- `config` is called with the plugin folder (this repository) and the server attaches to a
-- Markdown file and diagnoses it, with virtual text on and a filetype for .mdx files.
--
--   GLOSSARY_LSP_BIN=BINARY nvim --headless -u NONE -i NONE -n -l editors/tests/nvim_lazy_test.lua
local bin = assert(os.getenv('GLOSSARY_LSP_BIN'), 'set GLOSSARY_LSP_BIN')
local here = vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p')))
local repo = vim.fs.dirname(vim.fs.dirname(here))

local passed, failed = 0, 0
local function check(name, cond, detail)
  if cond then passed = passed + 1; io.stdout:write('ok ' .. name .. '\n')
  else failed = failed + 1; io.stdout:write('FAIL ' .. name .. ': ' .. (detail or '') .. '\n') end
end

local spec = dofile(repo .. '/editors/neovim/lazy.lua')[1]
check('spec loads for markdown, mdx and text', vim.deep_equal(spec.ft, { 'markdown', 'mdx', 'text' }), vim.inspect(spec.ft))
check('spec builds with cargo install', spec.build == 'cargo install --locked --path .', spec.build)
vim.cmd('filetype on')
vim.o.swapfile = false
-- The user's own override, as they would write it for a binary off PATH.
vim.lsp.config('glossary_lsp', { cmd = { bin } })
spec.config({ dir = repo })
local ws = vim.fn.tempname()
vim.fn.mkdir(ws .. '/.git', 'p')
vim.fn.writefile({ 'We work with a Value Added Reseller.' }, ws .. '/a.md')
vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/a.md'))
local buf = vim.api.nvim_get_current_buf()
local ok = vim.wait(10000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
check('the server attaches and diagnoses', ok)
check('.mdx files get the mdx filetype', vim.filetype.match({ filename = 'page.mdx' }) == 'mdx',
  tostring(vim.filetype.match({ filename = 'page.mdx' })))
check('virtual text is on', vim.diagnostic.config().virtual_text == true, vim.inspect(vim.diagnostic.config().virtual_text))
io.stdout:write(string.format('RESULT nvim-lazy: %d passed, %d failed\n', passed, failed))
for _, c in ipairs(vim.lsp.get_clients()) do c:stop(true) end
vim.wait(500, function() return #vim.lsp.get_clients() == 0 end, 20)
os.exit(failed == 0 and 0 or 1)
