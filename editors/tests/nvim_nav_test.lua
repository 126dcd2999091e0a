-- Navigation and MDX in Neovim 0.11, headless, against the real glossary-lsp binary through the
-- SHIPPED editors/neovim/lsp/glossary_lsp.lua (only `cmd` is overridden):
--
--   nvim --headless -u NONE -i NONE -n -l editors/tests/nvim_nav_test.lua BINARY
--
-- 1. an .mdx buffer (filetype `mdx`, as the guide sets it up): findings on the text of a JSX
--    element only, none on its attributes, expressions or imports;
-- 2. vim.lsp.buf.rename() on a term: every use of that form in the buffer renamed with its
--    plural, possessive and capitals, link text left alone; Neovim cannot confirm edits in other
--    files, so the file on disk is untouched and the server says so;
-- 3. code lens on a team glossary's entries ("N uses in M files"), and running one puts the
--    uses in the quickfix list (the shipped `commands` handler).
-- Checks print `ok NAME` or `FAIL NAME: why`, then `RESULT nvim-nav: N passed, M failed`.

local bin = assert(arg[1], 'usage: nvim_nav_test.lua BINARY')
local here = vim.fs.dirname(vim.fs.normalize(vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p')))
local editors = vim.fs.dirname(here)

local passed, failed = 0, 0
local function out(s) io.stdout:write(s .. '\n') end
local function check(name, cond, detail)
  if cond then
    passed = passed + 1
    out('ok ' .. name)
  else
    failed = failed + 1
    out('FAIL ' .. name .. ': ' .. (detail or ''))
  end
  return cond
end
local function finish()
  out(string.format('RESULT nvim-nav: %d passed, %d failed', passed, failed))
  for _, c in ipairs(vim.lsp.get_clients()) do c:stop(true) end
  vim.wait(500, function() return #vim.lsp.get_clients() == 0 end, 20)
  os.exit(failed == 0 and passed > 0 and 0 or 1)
end

vim.cmd('filetype on')
vim.opt.runtimepath:prepend(editors .. '/neovim')
vim.o.swapfile = false
-- The guide's line for MDX.
vim.filetype.add({ extension = { mdx = 'mdx' } })

local messages = {}
vim.lsp.handlers['window/showMessage'] = function(_, params)
  table.insert(messages, params.message)
end

local ws = vim.fn.tempname()
vim.fn.mkdir(ws .. '/docs', 'p')
vim.fn.mkdir(ws .. '/.git', 'p')
vim.fn.writefile({ 'glossaries = ["team.toml"]' }, ws .. '/.glossary-lsp.toml')
vim.fn.writefile({
  'schema = 1',
  '',
  '[[entry]]',
  'id = "co-sell-partner"',
  'category = "Team terms"',
  'definition = "A partner that sells jointly with our own account team."',
  'forms = [{ text = "co-sell partner", status = "preferred" }]',
}, ws .. '/team.toml')
vim.fn.writefile({
  "import Tabs from '@theme/Tabs';",
  '',
  '<Admonition type="tip" title="value added reseller">',
  '  We work with a value added reseller {props.value_added_reseller}.',
  '</Admonition>',
}, ws .. '/docs/guide.mdx')
vim.fn.writefile({
  '# Value-Added Resellers',
  '',
  "Value-added resellers' margins grow, and each value-added reseller's team trains.",
  'See [value-added resellers](vars.md). Our VARs stay.',
}, ws .. '/docs/notes.md')
vim.fn.writefile({ 'A value-added reseller on disk, and a co-sell partner.' }, ws .. '/docs/other.md')
vim.fn.writefile({ 'Each co-sell partner, and another co-sell partner.' }, ws .. '/docs/more.md')

vim.lsp.config('glossary_lsp', { cmd = { bin } })
vim.lsp.enable('glossary_lsp')

local function client_for(buf)
  local c = vim.lsp.get_clients({ bufnr = buf, name = 'glossary_lsp' })[1]
  return c and c.initialized and c or nil
end

local function open(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. file))
  local buf = vim.api.nvim_get_current_buf()
  vim.wait(10000, function() return client_for(buf) ~= nil and #vim.diagnostic.get(buf) > 0 end, 20)
  return buf
end

-- 1. MDX
local mdx = open('docs/guide.mdx')
check('mdx filetype', vim.bo[mdx].filetype == 'mdx', vim.bo[mdx].filetype)
check('mdx client attached', client_for(mdx) ~= nil)
local d = vim.diagnostic.get(mdx)
local at = vim.tbl_map(function(x) return { x.lnum, x.col, x.code } end, d)
check('mdx findings on the element text only',
  #d == 1 and d[1].lnum == 3 and d[1].col == 17 and d[1].code == 'non-preferred-form', vim.inspect(at))

-- 2. rename
local notes = open('docs/notes.md')
local client = client_for(notes)
check('notes client attached', client ~= nil)
vim.api.nvim_win_set_cursor(0, { 3, 2 })
local before = vim.api.nvim_buf_get_lines(notes, 0, -1, false)
vim.lsp.buf.rename('solution partner')
local renamed = vim.wait(10000, function()
  return vim.api.nvim_buf_get_lines(notes, 2, 3, false)[1] ~= before[3]
end, 20)
check('rename applied', renamed)
local lines = vim.api.nvim_buf_get_lines(notes, 0, -1, false)
check('heading renamed in Title Case', lines[1] == '# Solution Partners', lines[1])
check('plural possessive, capital and singular possessive kept',
  lines[3] == "Solution partners' margins grow, and each solution partner's team trains.", lines[3])
check('link text and the acronym left alone',
  lines[4] == 'See [value-added resellers](vars.md). Our VARs stay.', lines[4])
vim.wait(5000, function() return #messages > 0 end, 20)
local said = table.concat(messages, '\n')
check('the server says what it left', said:find('left as written', 1, true) ~= nil, said)
check('the server says other files were not renamed', said:find('in this document only', 1, true) ~= nil, said)
check('the file on disk is untouched',
  vim.fn.readfile(ws .. '/docs/other.md')[1] == 'A value-added reseller on disk, and a co-sell partner.')

-- 3. code lens on the team glossary (attached by hand: the guide adds 'toml' to filetypes)
vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/team.toml'))
local toml = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(toml, client.id)
local titles = {}
local counted = vim.wait(15000, function()
  vim.lsp.codelens.refresh({ bufnr = toml })
  vim.wait(200)
  titles = vim.tbl_map(function(l) return l.command and l.command.title or '?' end, vim.lsp.codelens.get(toml))
  return #titles == 1 and titles[1]:find('uses in', 1, true) ~= nil
end, 100)
-- notes.md (open) has none left; other.md one; more.md two.
check('code lens counts the uses', counted and titles[1] == '3 uses in 2 files', vim.inspect(titles))
vim.api.nvim_win_set_cursor(0, { 3, 0 })
vim.lsp.codelens.run()
local listed = vim.wait(10000, function() return #vim.fn.getqflist() == 3 end, 20)
local qf = vim.tbl_map(function(i) return vim.fn.fnamemodify(vim.fn.bufname(i.bufnr), ':t') .. ':' .. i.lnum end, vim.fn.getqflist())
table.sort(qf)
check('running the lens lists the uses in the quickfix list',
  listed and vim.deep_equal(qf, { 'more.md:1', 'more.md:1', 'other.md:1' }), vim.inspect(qf))

finish()
