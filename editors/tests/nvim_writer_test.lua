-- What a writer does in Neovim 0.11, headless, against the real glossary-lsp binary through the
-- SHIPPED editors/neovim/lsp/glossary_lsp.lua (only `cmd` is overridden):
--
--   GLOSSARY_LSP_BIN=BINARY nvim --headless -u NONE -i NONE -n -c 'luafile editors/tests/nvim_writer_test.lua'
--
-- (`-c luafile`, not `-l`: keys typed with nvim_feedkeys are only processed by Neovim's main
-- loop, so the test runs as a coroutine that yields to it while it waits.)
--
-- 1. completion accepted as a user accepts it: typed in Insert mode, the menu opened by
--    Neovim's own LSP completion (vim.lsp.completion, as the guide sets it up), <C-y> pressed:
--    the whole term goes in ("value-added reseller", not "value-added");
-- 2. `.glossary-lsp.toml` edited (on disk, as another window or tool would) while a document
--    is open: the findings change with no edit to the document;
-- 3. "add exception": never with a sentence's first word ("Our MSP"); a selected phrase added,
--    the files it creates named in a message, and no error;
-- 4. "fix all safe findings" (source.fixAll) applied.
-- Checks print `ok NAME` or `FAIL NAME: why`, then `RESULT nvim-writer: N passed, M failed`.

local bin = assert(os.getenv('GLOSSARY_LSP_BIN'), 'set GLOSSARY_LSP_BIN to the server binary')
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
  out(string.format('RESULT nvim-writer: %d passed, %d failed', passed, failed))
  for _, c in ipairs(vim.lsp.get_clients()) do c:stop(true) end
  vim.wait(500, function() return #vim.lsp.get_clients() == 0 end, 20)
  os.exit(failed == 0 and passed > 0 and 0 or 1)
end

-- Waits up to TIMEOUT ms for COND, letting the main loop run (typeahead, LSP messages).
local function wait(timeout, cond)
  cond = cond or function() return false end
  local deadline = vim.uv.now() + timeout
  while true do
    if cond() then return true end
    if vim.uv.now() >= deadline then return false end
    local me = coroutine.running()
    vim.defer_fn(function() coroutine.resume(me) end, 20)
    coroutine.yield()
  end
end

local function main()
vim.cmd('filetype on')
vim.opt.runtimepath:prepend(editors .. '/neovim')
vim.o.swapfile = false

-- Messages the server shows (window/showMessage), to check what it said.
local messages = {}
vim.lsp.handlers['window/showMessage'] = function(_, params)
  table.insert(messages, params.message)
end

local ws = vim.fn.tempname()
vim.fn.mkdir(ws, 'p')
vim.fn.mkdir(ws .. '/.git', 'p')
vim.fn.writefile({
  '# Partner notes',
  '',
  'This Value Added Reseller program grows. Our MSP team helps.',
  '',
  'We met a Value Added Reseller and a system integrator.',
  '',
}, ws .. '/notes.md')

-- The guide's setup: the shipped config, and Neovim's LSP completion turned on when it attaches.
vim.lsp.config('glossary_lsp', { cmd = { bin } })
vim.api.nvim_create_autocmd('LspAttach', {
  callback = function(ev)
    vim.lsp.completion.enable(true, ev.data.client_id, ev.buf, { autotrigger = false })
  end,
})
vim.lsp.enable('glossary_lsp')

vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/notes.md'))
local buf = vim.api.nvim_get_current_buf()
local function client() return vim.lsp.get_clients({ bufnr = buf, name = 'glossary_lsp' })[1] end
local function codes()
  local cs = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(cs, d.code) end
  table.sort(cs)
  return table.concat(cs, ',')
end
local attached = wait(10000, function()
  local c = client()
  return c ~= nil and c.initialized and #vim.diagnostic.get(buf) > 0
end, 20)
if not check('attached and diagnosed', attached, codes()) then return finish() end

-- 1. Completion, the way a user accepts it.
local function keys(k)
  vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes(k, true, false, true), 'n', false)
end
vim.api.nvim_win_set_cursor(0, { 6, 0 })
keys('oAsk your val')
wait(3000, function() return vim.fn.mode() == 'i' and vim.api.nvim_get_current_line() == 'Ask your val' end)
-- What <C-x><C-o> does with the guide's omnifunc, and what autotrigger does while typing.
vim.lsp.completion.get()
local menu = wait(5000, function() return vim.fn.pumvisible() == 1 end)
local info = vim.fn.complete_info({ 'items', 'selected' })
local words = vim.tbl_map(function(i) return i.word end, info.items or {})
check('completion menu opens in Insert mode', menu, vim.inspect(words))
-- Select the glossary term, then accept it with <C-y>.
local target
for i, item in ipairs(info.items or {}) do
  -- The menu shows the label (`abbr`); `word` may be the filter text.
  if item.abbr == 'value-added reseller' and not target then target = i end
end
check('the menu offers "value-added reseller"', target ~= nil, vim.inspect(words))
if target then
  -- Move the selection onto the term with <C-n> (Neovim may have selected the first item).
  for _ = 0, #info.items do
    local selected = vim.fn.complete_info({ 'selected' }).selected
    if selected == target - 1 then break end
    keys('<C-n>')
    wait(1000, function() return vim.fn.complete_info({ 'selected' }).selected ~= selected end)
  end
  check('the term is selected in the menu', vim.fn.complete_info({ 'selected' }).selected == target - 1)
  keys('<C-y>')
  wait(2000, function() return vim.fn.pumvisible() == 0 end)
  wait(300)
end
keys('<Esc>')
wait(2000, function() return vim.fn.mode() == 'n' end)
local accepted = vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1]
check('<C-y> inserts the whole term', accepted == 'Ask your value-added reseller', vim.inspect(accepted))

-- 2. The config file changes on disk while the document is open: no edit needed.
local function has(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do if d.code == code then return true end end
  return false
end
wait(3000, function() return has('non-preferred-form') end, 20)
check('non-preferred-form flagged before the config change', has('non-preferred-form'), codes())
local tick = vim.b[buf].changedtick
vim.fn.writefile({ '[rules]', 'non-preferred-form = "off"' }, ws .. '/.glossary-lsp.toml')
local gone = wait(8000, function() return not has('non-preferred-form') end)
check('a rule turned off in .glossary-lsp.toml takes effect with no edit', gone and vim.b[buf].changedtick == tick, codes())
vim.fn.delete(ws .. '/.glossary-lsp.toml')
local back = wait(8000, function() return has('non-preferred-form') end)
check('removing .glossary-lsp.toml brings the rule back with no edit', back, codes())

-- 3. Add exception. On "Value Added Reseller" after "This" and on "MSP" after "Our" no name is
--    offered (the sentence's first word is no part of a name); a selected phrase is.
local function code_actions(range, diagnostics)
  local c = client()
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, range = range,
    context = { diagnostics = diagnostics },
  }, 5000)
  return (res and res[c.id] and res[c.id].result) or {}
end
local function titles_of(actions) return vim.tbl_map(function(a) return a.title end, actions) end
local function flagged(word)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local text = vim.api.nvim_buf_get_text(buf, d.lnum, d.col, d.end_lnum, d.end_col, {})[1]
    if d.lnum == 2 and text == word then return d end
  end
end
wait(3000, function() return flagged('Value Added Reseller') ~= nil and flagged('MSP') ~= nil end)
local line2 = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
for _, word in ipairs({ 'Value Added Reseller', 'MSP' }) do
  local d = flagged(word)
  check('"' .. word .. '" is flagged', d ~= nil, codes())
  if d then
    local at = { line = 2, character = d.col }
    local t = titles_of(code_actions({ start = at, ['end'] = at }, { d.user_data.lsp }))
    local offered = vim.tbl_filter(function(x) return x:find('exceptions', 1, true) ~= nil end, t)
    check('no exception offered with the sentence\'s first word for "' .. word .. '"', #offered == 0, vim.inspect(t))
  end
end
local from = line2:find('Value Added Reseller program', 1, true) - 1
local selection = { start = { line = 2, character = from }, ['end'] = { line = 2, character = from + #'Value Added Reseller program' } }
local exception
for _, a in ipairs(code_actions(selection, {})) do
  if a.title == 'Add “Value Added Reseller program” to the glossary exceptions' then exception = a end
end
check('a selected phrase is offered as an exception', exception ~= nil, vim.inspect(titles_of(code_actions(selection, {}))))
if exception then
  local c = client()
  local cmd = exception.command
  local res = c:request_sync('workspace/executeCommand', { command = cmd.command, arguments = cmd.arguments }, 5000, buf)
  local result = res and res.result or {}
  check('the exception command succeeds without errors', res and not res.err and result.applied == true
    and #(result.errors or {}) == 0, vim.inspect(res))
  local team = table.concat(vim.fn.readfile(ws .. '/team-glossary.toml'), '\n')
  check('the exception is in team-glossary.toml', team:find('Value Added Reseller program', 1, true) ~= nil, team)
  -- Notifications reach their handler from the main loop: give it a moment.
  wait(3000, function() return table.concat(messages, '\n'):find('team-glossary.toml', 1, true) ~= nil end)
  local said = table.concat(messages, '\n')
  check('a message names the files created', said:find('team-glossary.toml (new file', 1, true) ~= nil
    and said:find('.glossary-lsp.toml (new file', 1, true) ~= nil, said)
  check('no error message', not said:find('defines no entries', 1, true) and not said:find('has errors', 1, true), said)
  local cleared = wait(8000, function() return flagged('Value Added Reseller') == nil end)
  check('the phrase is no longer flagged', cleared, codes())
end

-- 4. Fix all safe findings.
local function actions(only, line)
  local c = client()
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = line or 0, character = 0 }, ['end'] = { line = line or 0, character = 0 } },
    context = { diagnostics = {}, only = only },
  }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 5000)
  return (res and res[c.id] and res[c.id].result) or {}
end
local fix
for _, a in ipairs(actions({ 'source.fixAll' })) do
  if a.title:find('^Fix all safe findings') then fix = a end
end
check('fix all offered for source.fixAll', fix ~= nil)
if fix then vim.lsp.util.apply_workspace_edit(fix.edit, client().offset_encoding) end
check('fix all applied (the safe fix only)', vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1] == 'We met a Value Added Reseller and a systems integrator.',
  vim.inspect(vim.api.nvim_buf_get_lines(buf, 4, 5, false)[1]))


finish()
end

coroutine.wrap(function()
  local ok, err = xpcall(main, debug.traceback)
  if not ok then
    out('FAIL the test script: ' .. tostring(err))
    finish()
  end
end)()
