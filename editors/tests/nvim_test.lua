-- Drives the real Neovim (0.11+) against the real glossary-lsp binary, headless, through the
-- SHIPPED editors/neovim/lsp/glossary_lsp.lua (only `cmd` is overridden, to the binary under test).
--
--   nvim --headless -u NONE -i NONE -n -l editors/tests/nvim_test.lua BINARY [default|utf-16|settings]
--
-- The second argument chooses the position encodings the client offers: `default` is what Neovim
-- offers (utf-8 first, so the server agrees on UTF-8), `utf-16` offers only UTF-16 (what most
-- editors use); `settings` is `default` with the settings sent as `settings` (through
-- workspace/didChangeConfiguration) instead of `init_options`. Checks are printed one a line, `ok NAME` or `FAIL NAME: why`, then
-- `RESULT nvim ENCODING: N passed, M failed`; the exit code is 1 when any check failed.

local bin = assert(arg[1], 'usage: nvim_test.lua BINARY [default|utf-16|settings]')
local mode = arg[2] or 'default'
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
  out(string.format('RESULT nvim %s: %d passed, %d failed', mode, passed, failed))
  for _, c in ipairs(vim.lsp.get_clients()) do c:stop(true) end
  vim.wait(500, function() return #vim.lsp.get_clients() == 0 end, 20)
  os.exit(failed == 0 and passed > 0 and 0 or 1)
end

-- `-u NONE` turns filetype detection off; without it the FileType autocommand of vim.lsp.enable
-- never fires.
vim.cmd('filetype on')
vim.opt.runtimepath:prepend(editors .. '/neovim')
vim.o.swapfile = false

-- A workspace in a temporary folder (the test edits the files), marked by .glossary-lsp.toml.
local ws = vim.fn.tempname()
vim.fn.mkdir(ws, 'p')
for _, f in ipairs({ 'partner-onboarding.md', 'partner-notes.txt' }) do
  vim.fn.writefile(vim.fn.readfile(here .. '/fixtures/' .. f, 'b'), ws .. '/' .. f, 'b')
end
vim.fn.writefile({ 'builtin = true' }, ws .. '/.glossary-lsp.toml')

-- Settings reach the server: MSP's finding becomes a warning instead of an info, through
-- init_options (merged over the shipped ones), or in mode `settings` through `settings`
-- (workspace/didChangeConfiguration after `initialize`).
local rules = { rules = { ['acronym-before-definition'] = 'warning' } }
local override = { cmd = { bin }, init_options = rules }
if mode == 'settings' then
  override = { cmd = { bin }, settings = { ['glossary-lsp'] = rules } }
end
if mode == 'utf-16' then
  -- capabilities are deep-merged over Neovim's defaults; give every slot of the list.
  override.capabilities = { general = { positionEncodings = { 'utf-16', 'utf-16', 'utf-16' } } }
end
vim.lsp.config('glossary_lsp', override)
vim.lsp.enable('glossary_lsp')

local function client_for(buf)
  local c = vim.lsp.get_clients({ bufnr = buf, name = 'glossary_lsp' })[1]
  return c and c.initialized and c or nil
end

-- Opens FILE, waits for the client and the first diagnostics.
local function open(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(ws .. '/' .. file))
  local buf = vim.api.nvim_get_current_buf()
  local ok = vim.wait(10000, function()
    return client_for(buf) ~= nil and #vim.diagnostic.get(buf) > 0
  end, 20)
  -- Settings sent after `initialize` make the server publish again: wait until nothing has
  -- changed for 0.3 s.
  local last, since = nil, vim.uv.hrtime()
  vim.wait(5000, function()
    local now = vim.inspect(vim.tbl_map(function(x) return { x.lnum, x.col, x.severity } end, vim.diagnostic.get(buf)))
    if now ~= last then last, since = now, vim.uv.hrtime() end
    return vim.uv.hrtime() - since > 3e8
  end, 20)
  return buf, ok
end

local function diags(buf)
  local d = vim.diagnostic.get(buf)
  table.sort(d, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return d
end

local function line(buf, l) return vim.api.nvim_buf_get_lines(buf, l, l + 1, false)[1] end

-- Byte and UTF-16 columns of the first PATTERN (plain) in line L.
local function cols(buf, l, text)
  local s = line(buf, l)
  local b = assert(s:find(text, 1, true), text .. ' not on line ' .. l) - 1
  return b, vim.str_utfindex(s, 'utf-16', b)
end

-- Expected columns in the encoding the client and server agreed on.
local function lsp_col(client, buf, l, byte)
  if client.offset_encoding == 'utf-8' then return byte end
  return vim.str_utfindex(line(buf, l), client.offset_encoding, byte)
end

-- Checks the diagnostics of BUF against EXPECTED = { {line, text, code, severity}, ... }.
local function check_diagnostics(tag, buf, expected)
  local client = client_for(buf)
  local d = diags(buf)
  check(tag .. ' diagnostics count', #d == #expected,
    ('got %d: %s'):format(#d, vim.inspect(vim.tbl_map(function(x) return { x.lnum, x.col, x.code } end, d))))
  for i, e in ipairs(expected) do
    local l, text, code, sev = unpack(e)
    local x = d[i]
    local name = ('%s diagnostic %d:%s %s'):format(tag, l + 1, text, code)
    if not x then
      check(name, false, 'missing')
    else
      local b = cols(buf, l, text)
      local want = { l, b, l, b + #text }
      local got = { x.lnum, x.col, x.end_lnum, x.end_col }
      check(name .. ' range', vim.deep_equal(want, got), ('want %s got %s'):format(vim.inspect(want), vim.inspect(got)))
      local r = x.user_data and x.user_data.lsp and x.user_data.lsp.range
      local wl = { l, lsp_col(client, buf, l, b), l, lsp_col(client, buf, l, b + #text) }
      local gl = r and { r.start.line, r.start.character, r['end'].line, r['end'].character } or {}
      check(name .. ' lsp range (' .. client.offset_encoding .. ')', vim.deep_equal(wl, gl),
        ('want %s got %s'):format(vim.inspect(wl), vim.inspect(gl)))
      check(name .. ' code', x.code == code, tostring(x.code))
      check(name .. ' source', x.source == 'glossary-lsp', tostring(x.source))
      check(name .. ' severity', x.severity == sev, tostring(x.severity))
    end
  end
  return d
end

local function hover(buf, l, byte)
  local client = client_for(buf)
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  params.position = { line = l, character = lsp_col(client, buf, l, byte) }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 5000)
  local r = res and res[client.id] and res[client.id].result
  return r and r.contents and (r.contents.value or vim.inspect(r.contents)) or ''
end

-- Appends TYPED as a new last line, asks for completion at its end, applies the item whose label
-- is LABEL and returns the new line (nil and the labels when it is not offered).
local function complete(buf, typed, label)
  local client = client_for(buf)
  local n = vim.api.nvim_buf_line_count(buf)
  vim.api.nvim_buf_set_lines(buf, n, n, false, { typed })
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = n, character = lsp_col(client, buf, n, #typed) },
  }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 5000)
  local r = res and res[client.id] and res[client.id].result
  local items = r and (r.items or r) or {}
  local labels = vim.tbl_map(function(i) return i.label end, items)
  for _, item in ipairs(items) do
    if item.label == label then
      local edit = item.textEdit
      if edit then
        vim.lsp.util.apply_text_edits({ edit }, buf, client.offset_encoding)
      end
      return line(buf, n), labels, item
    end
  end
  return nil, labels
end

-- Asks for the code actions of diagnostic D and applies the one titled TITLE.
local function quick_fix(buf, d, title)
  local client = client_for(buf)
  local lsp = d.user_data.lsp
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = lsp.range,
    context = { diagnostics = { lsp }, only = { 'quickfix' } },
  }
  local res = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 5000)
  local actions = res and res[client.id] and res[client.id].result or {}
  local titles = vim.tbl_map(function(a) return a.title end, actions)
  for _, a in ipairs(actions) do
    if a.title == title and a.edit then
      vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding)
      return true, titles
    end
  end
  return false, titles
end

-- Waits until BUF's diagnostics number N (after an edit).
local function wait_count(buf, n)
  return vim.wait(5000, function() return #vim.diagnostic.get(buf) == n end, 20)
end

local W = vim.diagnostic.severity.WARN

---------------------------------------------------------------- Markdown
local md, ok = open('partner-onboarding.md')
check('md attached and diagnosed', ok, 'no client or no diagnostics within 10 s')
if not ok then finish() end
local client = client_for(md)
out('info nvim ' .. vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch
  .. ' position encoding ' .. client.offset_encoding)
check('md filetype markdown', vim.bo[md].filetype == 'markdown', vim.bo[md].filetype)
check('md root dir is the workspace', client.root_dir == ws, tostring(client.root_dir))
if mode == 'utf-16' then
  check('utf-16 negotiated', client.offset_encoding == 'utf-16', client.offset_encoding)
end

local d = check_diagnostics('md', md, {
  { 12, 'MSP', 'acronym-before-definition', W }, -- after "🚀 Our ": UTF-16 col 7, byte 9
  { 15, 'resellers', 'context-misuse', W },
  { 18, 'Value Added Reseller', 'non-preferred-form', W },
})
-- The emoji line, spelled out: U+1F680 is 4 bytes, 2 UTF-16 units, 1 character.
local r = d[1] and d[1].user_data.lsp.range
check('md emoji: MSP starts at UTF-16 col 7 / byte 9',
  r and d[1].col == 9 and r.start.character == (client.offset_encoding == 'utf-8' and 9 or 7),
  r and ('byte %d, lsp %d (%s)'):format(d[1].col, r.start.character, client.offset_encoding))
check('md settings reached the server (MSP is a warning)', d[1] and d[1].severity == W)
check('md message quotes the glossary', d[3] and d[3].message:find('“value%-added reseller”') ~= nil,
  d[3] and d[3].message)

-- Hover: a discouraged form, the acronym, the term after the emoji.
local b = cols(md, 18, 'Added')
local h = hover(md, 18, b)
check('md hover "Value Added Reseller" has the definition',
  h:find('resells them to end customers after adding value', 1, true) ~= nil, h)
b = cols(md, 18, 'VAR')
h = hover(md, 18, b + 1)
check('md hover "VAR" has the definition',
  h:find('A value-added reseller (VAR) is a company that buys products', 1, true) ~= nil, h)
b = cols(md, 12, 'MSP')
h = hover(md, 12, b + 2)
check('md hover "MSP" after the emoji has the definition',
  h:find('delivers IT, security, or software services', 1, true) ~= nil, h)

-- Quick fixes: the safe replacement, and the acronym expansion after the emoji.
local applied, titles = quick_fix(md, d[3], 'Replace with “value-added reseller”')
check('md quick fix offered', applied, vim.inspect(titles))
check('md quick fix text', line(md, 18) == 'We also work with a value-added reseller in each region. Every VAR signs the',
  line(md, 18))
check('md diagnostics updated after fix', wait_count(md, 2), vim.inspect(diags(md)))
applied, titles = quick_fix(md, diags(md)[1], 'Replace with “managed service provider (MSP)”')
check('md emoji-line quick fix offered', applied, vim.inspect(titles))
check('md emoji-line quick fix text',
  line(md, 12) == '🚀 The managed service provider (MSP) tier opens in March for companies that run our platform for their clients.',
  line(md, 12))
check('md diagnostics updated after second fix', wait_count(md, 1), vim.inspect(diags(md)))

-- Completion: type "Talk to a val" and accept the glossary term.
local new, labels, item = complete(md, 'Talk to a val', 'value-added reseller')
check('md completion offers "value-added reseller"', new ~= nil, vim.inspect(labels))
check('md completion detail', item and (item.detail or ''):find('Partner Types', 1, true) ~= nil,
  item and vim.inspect(item.detail))
check('md completion applied', new == 'Talk to a value-added reseller', tostring(new))
new, labels = complete(md, 'Our new dist', 'distributor')
check('md completion "dist" -> distributor', new == 'Our new distributor', vim.inspect(labels))

---------------------------------------------------------------- Plain text
local txt
txt, ok = open('partner-notes.txt')
check('txt attached and diagnosed', ok, 'no client or no diagnostics within 10 s')
if not ok then finish() end
check('txt filetype text', vim.bo[txt].filetype == 'text', vim.bo[txt].filetype)
check('txt shares the client', client_for(txt) and client_for(txt).id == client.id)
d = check_diagnostics('txt', txt, {
  { 2, 'MSP', 'acronym-before-definition', W },
  { 3, 'system integrators', 'non-preferred-form', W },
})
r = d[1] and d[1].user_data.lsp.range
check('txt emoji: MSP starts at UTF-16 col 7 / byte 9',
  r and d[1].col == 9 and r.start.character == (client.offset_encoding == 'utf-8' and 9 or 7),
  r and ('byte %d, lsp %d (%s)'):format(d[1].col, r.start.character, client.offset_encoding))
b = cols(txt, 3, 'distributor')
h = hover(txt, 3, b + 3)
check('txt hover "distributor" has the definition', h:find('distributor', 1, true) ~= nil and h:find('buys', 1, true) ~= nil, h)
applied, titles = quick_fix(txt, d[2], 'Replace with “systems integrators”')
check('txt quick fix offered', applied, vim.inspect(titles))
check('txt quick fix text', line(txt, 3) == 'We signed two systems integrators and a distributor in the Nordics.', line(txt, 3))
check('txt diagnostics updated after fix', wait_count(txt, 1), vim.inspect(diags(txt)))
new, labels = complete(txt, 'We met a new man', 'managed service provider')
check('txt completion "man" -> managed service provider', new ~= nil and new:find('^We met a new managed service provider') ~= nil,
  vim.inspect(labels) .. ' ' .. tostring(new))

finish()
