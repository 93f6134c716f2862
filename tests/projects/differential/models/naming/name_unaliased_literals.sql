-- Literals without aliases.
select 1, 'a', 1.5, NULL, [1, 2]
