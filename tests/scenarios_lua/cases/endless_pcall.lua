-- an endless loop that tries to swallow the budget error with pcall
while true do
  pcall(function() while true do end end)
end
