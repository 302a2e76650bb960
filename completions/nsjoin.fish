# fish completion for nsjoin (placeholder; to be replaced by the full one)
complete -c nsjoin -s a -l all -d 'Enter all namespaces of the target'
complete -c nsjoin -s t -l target -x -a '(__fish_complete_pids)' -d 'Target process'
complete -c nsjoin -s h -l help -d 'Display help'
complete -c nsjoin -s V -l version -d 'Display version'
