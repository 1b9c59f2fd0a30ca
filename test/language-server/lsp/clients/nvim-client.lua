-- Drives the execsim language server from neovim's own LSP client (0.7.2 API):
-- open a scenario, wait for its diagnostics, ask for completion, fix the buffer,
-- wait for the diagnostics to clear, ask for hover; print what came back as JSON.
local server = os.getenv('EXECSIM_LSP')
local file = os.getenv('EXECSIM_FILE')
local complete_at = vim.fn.json_decode(os.getenv('EXECSIM_COMPLETE_AT'))
local hover_at = vim.fn.json_decode(os.getenv('EXECSIM_HOVER_AT'))
local fix_line = tonumber(os.getenv('EXECSIM_FIX_LINE'))

local out = { log = {} }
local function finish()
  io.stdout:write(vim.fn.json_encode(out))
  vim.cmd('qa!')
end

vim.cmd('edit ' .. file)
local buf = vim.api.nvim_get_current_buf()
local uri = vim.uri_from_bufnr(buf)
local latest = nil
local id = vim.lsp.start_client({
  name = 'execsim',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.fnamemodify(file, ':h'),
  handlers = {
    ['textDocument/publishDiagnostics'] = function(_, result)
      if result and result.uri == uri then latest = result.diagnostics end
    end,
  },
})
if not id then
  out.error = 'the client did not start'
  return finish()
end
vim.lsp.buf_attach_client(buf, id)

if not vim.wait(60000, function() return latest ~= nil and #latest > 0 end, 20) then
  out.error = 'no diagnostics came'
  return finish()
end
out.diagnostics = latest

local function request(method, at)
  local params = { textDocument = { uri = uri }, position = { line = at[1], character = at[2] } }
  local replies = vim.lsp.buf_request_sync(buf, method, params, 30000)
  if not replies then return nil end
  for _, reply in pairs(replies) do
    if reply.err then return { error = reply.err.message } end
    return reply.result
  end
end

local completion = request('textDocument/completion', complete_at)
local items = completion and (completion.items or completion) or {}
out.completion = {}
for _, item in ipairs(items) do table.insert(out.completion, item.label) end

-- Remove the line with the mistake: the server must clear the diagnostic.
latest = nil
vim.api.nvim_buf_set_lines(buf, fix_line, fix_line + 1, false, {})
if not vim.wait(60000, function() return latest ~= nil and #latest == 0 end, 20) then
  out.error = 'the diagnostics did not clear after the edit'
  return finish()
end
out.cleared = true

local hover = request('textDocument/hover', hover_at)
out.hover = hover and hover.contents and (hover.contents.value or hover.contents) or vim.NIL
finish()
