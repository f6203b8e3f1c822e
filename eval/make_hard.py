#!/usr/bin/env python3
"""Generate eval/labels_hard.json: the hard evaluation set (see eval/README.md).

Three sets, each case recorded with its split (`dev` or `test`, from a hash of the task /
original / source function, so every variant of one function lands on the same side):

* `semantic`  – TheAlgorithms/Python: one algorithm implemented more than once, in different
  files or by different people. SEMANTIC below is the hand-made list (read, not mined): the
  query function is held out of `base` (its lines removed there) and added by the PR; any of
  the listed existing implementations is a correct top match. Recorded as clone type 4.
  The lists were completed once by pooling (as in TREC): the top 3 matches of the engine and
  the top match of the baseline, for every case of both splits, were read and those that do
  the same job were added.
* `large`     – pypa/pip (vendored libraries included) and sqlalchemy/sqlalchemy (> 5 000
  functions outside tests): type-1/2/3 variants of unambiguous originals, made by the
  generators of make_labels.py.
* `hardneg`   – real functions of python-poetry/poetry added to pip's PR whose nearest pip
  function (by identifier Jaccard or normalized-token ratio) is close, read by hand and kept
  only when the two do something different (HARD_NEGATIVE_VERDICTS below).

You do NOT need this script to rebuild the set (build.py only reads labels_hard.json):

    python3 eval/make_hard.py --mirror-dir MIRROR [--mined MINED.json]
"""
from __future__ import annotations

import argparse
import ast
import difflib
import hashlib
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from evallib import (apply_edits, apply_literals, apply_rename, body_statements,  # noqa: E402
                     split_of,
                     code_tokens, func_text, functions, git, ls_py, normalized_tokens, show)
from make_labels import (Sim, has_nested_scope, make_edits, make_literals,  # noqa: E402
                         make_rename, mirror_git_dir, n_code_tokens, sha1)

PROJECTS = [
    # name, repo, pinned commit
    ("thealgorithms", "TheAlgorithms/Python", "f5988cc09713315817df6a7e327e258013a94440"),
    ("pip", "pypa/pip", "6d309205789d368b2749d93fd6193d584811efd5"),
    ("poetry", "python-poetry/poetry", "f46702336862f30050d5c641d5ed6f7568ded793"),
    ("sqlalchemy", "sqlalchemy/sqlalchemy", "f35da7e2b9349a08b8de1f6bd3b07c8bf8616790"),
]
SEED = 20261201
N_LARGE_PER_TYPE = 40
# project, library prefix of the originals, case id prefix
LARGE = [("pip", "src/pip/_internal/", "pip"), ("sqlalchemy", "lib/sqlalchemy/", "sqla")]
AMBIGUOUS_SIM = 0.85

# (task, held-out query "path:qualname", [existing implementations "path:qualname", ...])
SEMANTIC = [
    ("is_prime", "data_structures/hashing/number_theory/prime_numbers.py:is_prime",
     ["maths/prime_check.py:is_prime", "maths/primelib.py:is_prime",
      "project_euler/problem_007/sol1.py:is_prime", "project_euler/problem_007/sol3.py:is_prime",
      "project_euler/problem_010/sol1.py:is_prime", "project_euler/problem_010/sol2.py:is_prime",
      "project_euler/problem_027/sol1.py:is_prime", "project_euler/problem_037/sol1.py:is_prime",
      "project_euler/problem_041/sol1.py:is_prime", "project_euler/problem_046/sol1.py:is_prime",
      "project_euler/problem_049/sol1.py:is_prime", "project_euler/problem_058/sol1.py:is_prime"]),
    ("factorial", "dynamic_programming/factorial.py:factorial",
     ["data_structures/binary_tree/number_of_possible_binary_trees.py:factorial",
      "maths/factorial.py:factorial", "maths/primelib.py:factorial",
      "project_euler/problem_020/sol1.py:factorial", "maths/factorial.py:factorial_recursive",
      "maths/special_numbers/krishnamurthy_number.py:factorial"]),
    ("binary_search", "matrix/binary_search_matrix.py:binary_search",
     ["searches/binary_search.py:binary_search", "searches/binary_search.py:binary_search_by_recursion",
      "searches/exponential_search.py:binary_search_by_recursion"]),
    ("prime_sieve", "maths/sieve_of_eratosthenes.py:prime_sieve",
     ["project_euler/problem_050/sol1.py:prime_sieve", "project_euler/problem_051/sol1.py:prime_sieve",
      "project_euler/problem_234/sol1.py:prime_sieve", "maths/segmented_sieve.py:sieve",
      "maths/prime_sieve_eratosthenes.py:prime_sieve_eratosthenes"]),
    ("quick_sort", "sorts/recursive_quick_sort.py:quick_sort", ["sorts/quick_sort.py:quick_sort"]),
    ("shell_sort", "sorts/shrink_shell_sort.py:shell_sort", ["sorts/shell_sort.py:shell_sort"]),
    ("dijkstra_matrix", "graphs/dijkstra_2.py:dijkstra", ["graphs/dijkstra_alternate.py:Graph.dijkstra"]),
    ("heapify", "sorts/intro_sort.py:heapify", ["sorts/heap_sort.py:heapify"]),
    ("heap_sort", "sorts/intro_sort.py:heap_sort", ["sorts/heap_sort.py:heap_sort"]),
    ("prime_factors", "maths/basic_maths.py:prime_factors", ["maths/prime_factors.py:prime_factors"]),
    ("number_of_divisors", "maths/basic_maths.py:number_of_divisors",
     ["project_euler/problem_012/sol1.py:count_divisors", "project_euler/problem_012/sol2.py:count_divisors"]),
    ("median", "searches/quick_select.py:median", ["maths/average_median.py:median"]),
    ("binomial_coefficient", "data_structures/binary_tree/number_of_possible_binary_trees.py:binomial_coefficient",
     ["maths/binomial_coefficient.py:binomial_coefficient",
      "maths/special_numbers/bell_numbers.py:_binomial_coefficient", "maths/combinations.py:combinations"]),
    ("fibonacci", "maths/primelib.py:fib",
     ["matrix/nth_fibonacci_using_matrix_exponentiation.py:nth_fibonacci_bruteforce",
      "searches/fibonacci_search.py:fibonacci", "project_euler/problem_025/sol1.py:fibonacci",
      "dynamic_programming/fast_fibonacci.py:fibonacci", "maths/fibonacci.py:fib_iterative"]),
    ("str_palindrome", "strings/palindrome.py:is_palindrome_recursive",
     ["strings/palindrome.py:is_palindrome", "strings/palindrome.py:is_palindrome_traversal",
      "project_euler/problem_036/sol1.py:is_palindrome"]),
    ("int_palindrome", "maths/is_int_palindrome.py:is_int_palindrome",
     ["project_euler/problem_036/sol1.py:is_palindrome", "project_euler/problem_125/sol1.py:is_palindrome"]),
    ("linked_list_palindrome", "data_structures/linked_list/is_palindrome.py:is_palindrome_stack",
     ["data_structures/linked_list/is_palindrome.py:is_palindrome",
      "data_structures/linked_list/is_palindrome.py:is_palindrome_dict"]),
    ("edit_distance", "strings/edit_distance.py:edit_distance",
     ["strings/levenshtein_distance.py:levenshtein_distance",
      "strings/levenshtein_distance.py:levenshtein_distance_optimized",
      "dynamic_programming/min_distance_up_bottom.py:min_distance_up_bottom"]),
    ("linear_search", "searches/linear_search.py:rec_linear_search", ["searches/linear_search.py:linear_search", "searches/double_linear_search_recursion.py:search"]),
    ("ternary_search", "searches/ternary_search.py:rec_ternary_search",
     ["searches/ternary_search.py:ite_ternary_search"]),
    ("interpolation_search", "searches/interpolation_search.py:interpolation_search_by_recursion",
     ["searches/interpolation_search.py:interpolation_search"]),
    ("bubble_sort", "sorts/bubble_sort.py:bubble_sort_recursive", ["sorts/bubble_sort.py:bubble_sort_iterative"]),
    ("roman_to_int", "project_euler/problem_089/sol1.py:parse_roman_numerals",
     ["conversions/roman_numerals.py:roman_to_int"]),
    ("int_to_roman", "project_euler/problem_089/sol1.py:generate_roman_numerals",
     ["conversions/roman_numerals.py:int_to_roman"]),
    ("extended_euclid", "maths/extended_euclidean_algorithm.py:extended_euclidean_algorithm",
     ["maths/chinese_remainder_theorem.py:extended_euclid", "maths/modular_division.py:extended_euclid",
      "maths/modular_division.py:extended_gcd", "blockchain/diophantine_equation.py:extended_gcd"]),
    ("decimal_to_binary", "conversions/decimal_to_binary.py:decimal_to_binary_recursive",
     ["conversions/decimal_to_binary.py:decimal_to_binary_iterative"]),
    ("merge_sort", "divide_and_conquer/mergesort.py:merge_sort", ["sorts/merge_sort.py:merge_sort"]),
    ("odd_even_sort", "sorts/odd_even_transposition_single_threaded.py:odd_even_transposition",
     ["sorts/odd_even_sort.py:odd_even_sort"]),
    ("unique_prime_factors", "project_euler/problem_047/sol1.py:unique_prime_factors",
     ["maths/prime_factors.py:unique_prime_factors"]),
    ("pangram", "strings/is_pangram.py:is_pangram_faster", ["strings/is_pangram.py:is_pangram", "strings/is_pangram.py:is_pangram_fastest"]),
    ("count_set_bits", "bit_manipulation/count_1s_brian_kernighan_method.py:get_1s_count",
     ["bit_manipulation/count_number_of_one_bits.py:get_set_bits_count_using_brian_kernighans_algorithm",
      "bit_manipulation/count_number_of_one_bits.py:get_set_bits_count_using_modulo_operator"]),
    ("power", "maths/binary_exponentiation.py:binary_exp_recursive",
     ["divide_and_conquer/power.py:actual_power", "maths/binary_exponentiation.py:binary_exp_iterative"]),
    ("armstrong", "maths/special_numbers/armstrong_numbers.py:narcissistic_number",
     ["maths/special_numbers/armstrong_numbers.py:armstrong_number",
      "maths/special_numbers/armstrong_numbers.py:pluperfect_number"]),
]

# Hard negatives: poetry function "path:qualname" -> verdict after reading it beside its
# nearest pip function(s): "neg" (different behaviour: a hard negative), "dup" (does the same
# thing: excluded), "skip" (not judged). Filled by hand from the mined list (--mined).
HARD_NEGATIVE_VERDICTS: dict[str, str] = {
    "src/poetry/config/config.py:Config.__init__": "neg",
    "src/poetry/config/config.py:Config._get_environment_repositories": "neg",
    "src/poetry/config/config.py:Config.create": "neg",
    "src/poetry/config/config.py:Config.installer_max_workers": "neg",
    "src/poetry/config/config.py:Config.python_installation_dir": "neg",
    "src/poetry/config/config.py:Config.virtualenvs_path": "neg",
    "src/poetry/config/config.py:PackageFilterPolicy.__post_init__": "neg",
    "src/poetry/config/config.py:PackageFilterPolicy.allows": "neg",
    "src/poetry/config/config.py:PackageFilterPolicy.normalize": "neg",
    "src/poetry/config/config.py:PackageFilterPolicy.validator": "neg",
    "src/poetry/config/config_source.py:ConfigSourceMigration.apply": "neg",
    "src/poetry/config/config_source.py:ConfigSourceMigration.dry_run": "neg",
    "src/poetry/config/dict_config_source.py:DictConfigSource.add_property": "neg",
    "src/poetry/config/dict_config_source.py:DictConfigSource.get_property": "neg",
    "src/poetry/config/dict_config_source.py:DictConfigSource.remove_property": "neg",
    "src/poetry/config/file_config_source.py:FileConfigSource.add_property": "neg",
    "src/poetry/config/file_config_source.py:FileConfigSource.get_property": "neg",
    "src/poetry/config/file_config_source.py:FileConfigSource.remove_property": "neg",
    "src/poetry/config/file_config_source.py:FileConfigSource.secure": "neg",
    "src/poetry/config/source.py:Source.to_toml_table": "neg",
    "src/poetry/console/application.py:Application._configure_global_options": "neg",
    "src/poetry/console/application.py:Application._error_write_command_suggestions": "neg",
    "src/poetry/console/application.py:Application._load_plugins": "neg",
    "src/poetry/console/application.py:Application.configure_installer_for_command": "neg",
    "src/poetry/console/application.py:Application.configure_installer_for_event": "neg",
    "src/poetry/console/application.py:Application.poetry": "neg",
    "src/poetry/console/command_loader.py:CommandLoader.register_factory": "neg",
    "src/poetry/console/commands/add.py:AddCommand._add_dependency_to_extras": "neg",
    "src/poetry/console/commands/add.py:AddCommand.get_existing_packages_from_input": "neg",
    "src/poetry/console/commands/add.py:AddCommand.notify_about_existing_packages": "neg",
    "src/poetry/console/commands/build.py:BuildCommand._prepare_config_settings": "neg",
    "src/poetry/console/commands/build.py:BuildCommand.handle": "neg",
    "src/poetry/console/commands/cache/list.py:CacheListCommand.handle": "neg",
    "src/poetry/console/commands/check.py:CheckCommand._validate_readme": "neg",
    "src/poetry/console/commands/config.py:ConfigCommand._handle_single_value": "neg",
    "src/poetry/console/commands/debug/info.py:DebugInfoCommand.handle": "neg",
    "src/poetry/console/commands/env/activate.py:EnvActivateCommand.handle": "neg",
    "src/poetry/console/commands/env/list.py:EnvListCommand.handle": "neg",
    "src/poetry/console/commands/env/use.py:EnvUseCommand.handle": "neg",
    "src/poetry/console/commands/group_command.py:GroupCommand._validate_group_options": "neg",
    "src/poetry/console/commands/init.py:InitCommand._find_best_version_for_package": "neg",
    "src/poetry/console/commands/init.py:InitCommand._format_requirements": "neg",
    "src/poetry/console/commands/init.py:InitCommand._generate_choice_list": "neg",
    "src/poetry/console/commands/init.py:InitCommand._parse_requirements": "neg",
    "src/poetry/console/commands/init.py:InitCommand._validate_author": "neg",
    "src/poetry/console/commands/init.py:InitCommand._validate_version_constraint": "neg",
    "src/poetry/console/commands/init.py:InitCommand.handle": "neg",
    "src/poetry/console/commands/python/remove.py:PythonRemoveCommand.handle": "neg",
    "src/poetry/console/commands/remove.py:RemoveCommand._remove_packages": "neg",
    "src/poetry/console/commands/run.py:RunCommand._module": "neg",
    "src/poetry/console/commands/run.py:RunCommand.handle": "neg",
    "src/poetry/console/commands/self/self_command.py:SelfCommand.reset_poetry": "neg",
    "src/poetry/console/commands/self/show/plugins.py:PluginPackage.append": "neg",
    "src/poetry/console/commands/show.py:ShowCommand._display_packages_tree_information": "neg",
    "src/poetry/console/commands/show.py:ShowCommand._write_tree_line": "neg",
    "src/poetry/console/commands/show.py:ShowCommand.get_update_status": "neg",
    "src/poetry/console/commands/show.py:ShowCommand.init_styles": "neg",
    "src/poetry/console/commands/show.py:reverse_deps": "neg",
    "src/poetry/console/exceptions.py:ConsoleMessage.indent": "neg",
    "src/poetry/console/exceptions.py:ConsoleMessage.make_section": "neg",
    "src/poetry/console/exceptions.py:PoetryRuntimeError.__init__": "neg",
    "src/poetry/console/exceptions.py:PrettyCalledProcessError.__post_init__": "neg",
    "src/poetry/console/logging/formatters/builder_formatter.py:BuilderLogFormatter.format": "neg",
    "src/poetry/console/logging/io_formatter.py:_log_prefix": "neg",
    "src/poetry/console/logging/io_formatter.py:_path_to_package": "neg",
    "src/poetry/console/logging/io_handler.py:IOHandler.emit": "neg",
    "src/poetry/factory.py:Factory._ensure_valid_poetry_version": "neg",
    "src/poetry/inspection/info.py:PackageInfo.__init__": "neg",
    "src/poetry/inspection/info.py:PackageInfo._find_dist_info": "neg",
    "src/poetry/inspection/info.py:PackageInfo._from_distribution": "neg",
    "src/poetry/inspection/info.py:PackageInfo._get_poetry_package": "neg",
    "src/poetry/inspection/info.py:PackageInfo._requirements_from_distribution": "neg",
    "src/poetry/inspection/info.py:PackageInfo.from_bdist": "neg",
    "src/poetry/inspection/info.py:PackageInfo.from_directory": "neg",
    "src/poetry/inspection/info.py:PackageInfo.from_package": "neg",
    "src/poetry/inspection/info.py:PackageInfo.from_wheel": "neg",
    "src/poetry/inspection/info.py:PackageInfo.update": "neg",
    "src/poetry/inspection/info.py:get_pep517_metadata": "neg",
    "src/poetry/inspection/lazy_wheel.py:LazyFileOverHTTP.__init__": "dup",
    "src/poetry/inspection/lazy_wheel.py:LazyFileOverHTTP._content_length_from_head": "dup",
    "src/poetry/inspection/lazy_wheel.py:LazyFileOverHTTP._ensure_downloaded": "dup",
    "src/poetry/inspection/lazy_wheel.py:LazyFileOverHTTP._reset_content": "dup",
    "src/poetry/inspection/lazy_wheel.py:LazyFileOverHTTP._setup_content": "dup",
    "src/poetry/inspection/lazy_wheel.py:LazyFileOverHTTP.read": "dup",
    "src/poetry/inspection/lazy_wheel.py:LazyWheelOverHTTP._parse_full_length_from_content_range": "dup",
    "src/poetry/inspection/lazy_wheel.py:MergeIntervals._merge": "dup",
    "src/poetry/inspection/lazy_wheel.py:MergeIntervals.minimal_intervals_covering": "dup",
    "src/poetry/inspection/lazy_wheel.py:metadata_from_wheel_url": "dup",
    "src/poetry/installation/chef.py:Chef._prepare": "neg",
    "src/poetry/installation/chef.py:Chef.prepare": "neg",
    "src/poetry/installation/chooser.py:Chooser.__init__": "neg",
    "src/poetry/installation/chooser.py:Chooser._is_link_hash_allowed_for_package": "neg",
    "src/poetry/installation/executor.py:Executor._create_directory_url_reference": "neg",
    "src/poetry/installation/executor.py:Executor._create_file_url_reference": "neg",
    "src/poetry/installation/executor.py:Executor._create_git_url_reference": "neg",
    "src/poetry/installation/executor.py:Executor._download": "neg",
    "src/poetry/installation/executor.py:Executor._download_link": "neg",
    "src/poetry/installation/executor.py:Executor._execute_uninstall": "neg",
    "src/poetry/installation/executor.py:Executor._get_archive_info": "neg",
    "src/poetry/installation/executor.py:Executor._increment_operations_count": "neg",
    "src/poetry/installation/executor.py:Executor._prepare_archive": "neg",
    "src/poetry/installation/executor.py:Executor._remove": "neg",
    "src/poetry/installation/executor.py:Executor._write": "neg",
    "src/poetry/installation/executor.py:Executor.run_pip": "neg",
    "src/poetry/installation/installer.py:Installer.__init__": "neg",
    "src/poetry/installation/installer.py:Installer._write_lock_file": "neg",
    "src/poetry/installation/installer.py:Installer.run": "neg",
    "src/poetry/installation/operations/operation.py:Operation.__init__": "neg",
    "src/poetry/installation/operations/update.py:Update.__init__": "neg",
    "src/poetry/layouts/layout.py:Layout.__init__": "neg",
    "src/poetry/layouts/layout.py:Layout._create_default": "neg",
    "src/poetry/layouts/layout.py:Layout._write_poetry": "neg",
    "src/poetry/layouts/layout.py:Layout.create": "neg",
    "src/poetry/layouts/layout.py:Layout.get_package_include": "neg",
    "src/poetry/masonry/builders/editable.py:EditableBuilder.__init__": "neg",
    "src/poetry/masonry/builders/editable.py:EditableBuilder._get_file_hash": "neg",
    "src/poetry/masonry/builders/editable.py:EditableBuilder._setup_build": "neg",
    "src/poetry/mixology/assignment.py:Assignment.__init__": "neg",
    "src/poetry/mixology/failure.py:_Writer.__init__": "neg",
    "src/poetry/mixology/failure.py:_Writer._count_derivations": "neg",
    "src/poetry/mixology/failure.py:_Writer._is_collapsible": "neg",
    "src/poetry/mixology/failure.py:_Writer._write": "neg",
    "src/poetry/mixology/incompatibility.py:Incompatibility._single_term_where": "neg",
    "src/poetry/mixology/incompatibility.py:Incompatibility._terse": "neg",
    "src/poetry/mixology/incompatibility.py:Incompatibility.external_incompatibilities": "neg",
    "src/poetry/mixology/partial_solution.py:PartialSolution.__init__": "neg",
    "src/poetry/mixology/partial_solution.py:PartialSolution.decide": "neg",
    "src/poetry/mixology/partial_solution.py:PartialSolution.relation": "neg",
    "src/poetry/mixology/term.py:Term._non_empty_term": "neg",
    "src/poetry/mixology/version_solver.py:DependencyCache.__init__": "neg",
    "src/poetry/mixology/version_solver.py:DependencyCache._search_for": "neg",
    "src/poetry/mixology/version_solver.py:DependencyCache.clear_level": "neg",
    "src/poetry/mixology/version_solver.py:DependencyCache.search_for": "neg",
    "src/poetry/mixology/version_solver.py:VersionSolver.__init__": "neg",
    "src/poetry/mixology/version_solver.py:VersionSolver._add_incompatibility": "neg",
    "src/poetry/mixology/version_solver.py:VersionSolver._propagate": "neg",
    "src/poetry/packages/direct_origin.py:DirectOrigin.__init__": "neg",
    "src/poetry/packages/direct_origin.py:DirectOrigin.get_package_from_file": "neg",
    "src/poetry/packages/direct_origin.py:DirectOrigin.get_package_from_url": "neg",
    "src/poetry/packages/direct_origin.py:DirectOrigin.get_package_from_vcs": "neg",
    "src/poetry/packages/direct_origin.py:_get_package_from_git": "neg",
    "src/poetry/packages/locker.py:Locker.__init__": "neg",
    "src/poetry/packages/locker.py:Locker._should_write": "neg",
    "src/poetry/packages/locker.py:Locker._write_lock_data": "neg",
    "src/poetry/packages/locker.py:Locker.is_locked_groups_and_markers": "neg",
    "src/poetry/packages/locker.py:Locker.locked_repository": "neg",
    "src/poetry/packages/locker.py:Locker.set_local_config": "neg",
    "src/poetry/packages/locker.py:Locker.set_lock_data": "neg",
    "src/poetry/packages/package_collection.py:PackageCollection.__init__": "neg",
    "src/poetry/packages/package_collection.py:PackageCollection.append": "neg",
    "src/poetry/packages/transitive_package_info.py:TransitivePackageInfo.get_marker": "neg",
    "src/poetry/plugins/plugin_manager.py:PluginManager._load_plugin_entry_point": "neg",
    "src/poetry/plugins/plugin_manager.py:PluginManager.add_project_plugin_path": "neg",
    "src/poetry/plugins/plugin_manager.py:ProjectPluginCache.__init__": "neg",
    "src/poetry/plugins/plugin_manager.py:ProjectPluginCache._ensure_cache_directory": "neg",
    "src/poetry/plugins/plugin_manager.py:ProjectPluginCache._is_fresh": "neg",
    "src/poetry/plugins/plugin_manager.py:ProjectPluginCache._write_config": "neg",
    "src/poetry/poetry.py:Poetry.__init__": "neg",
    "src/poetry/publishing/hash_manager.py:HashManager.__init__": "neg",
    "src/poetry/publishing/publisher.py:Publisher.__init__": "neg",
    "src/poetry/publishing/uploader.py:Uploader.__init__": "neg",
    "src/poetry/publishing/uploader.py:Uploader._prepare_data": "neg",
    "src/poetry/publishing/uploader.py:Uploader._register": "neg",
    "src/poetry/publishing/uploader.py:Uploader.get_auth": "neg",
    "src/poetry/publishing/uploader.py:Uploader.make_session": "neg",
    "src/poetry/publishing/uploader.py:Uploader.upload": "neg",
    "src/poetry/puzzle/provider.py:IncompatibleConstraintsError.__init__": "neg",
    "src/poetry/puzzle/provider.py:Provider._get_dependencies_with_overrides": "neg",
    "src/poetry/puzzle/provider.py:Provider._group_by_source": "neg",
    "src/poetry/puzzle/provider.py:Provider._marker_values": "neg",
    "src/poetry/puzzle/provider.py:Provider._merge_dependencies_by_constraint": "neg",
    "src/poetry/puzzle/provider.py:Provider._overrides_marker_intersection": "neg",
    "src/poetry/puzzle/provider.py:Provider._search_for_directory": "neg",
    "src/poetry/puzzle/provider.py:Provider._search_for_file": "neg",
    "src/poetry/puzzle/provider.py:Provider._search_for_url": "neg",
    "src/poetry/puzzle/provider.py:Provider._search_for_vcs": "neg",
    "src/poetry/puzzle/provider.py:Provider.get_locked": "neg",
    "src/poetry/puzzle/provider.py:Provider.use_environment": "neg",
    "src/poetry/puzzle/solver.py:PackageNode.__init__": "neg",
    "src/poetry/puzzle/solver.py:Solver.__init__": "neg",
    "src/poetry/puzzle/solver.py:Solver._progress": "neg",
    "src/poetry/puzzle/solver.py:Solver._solve": "neg",
    "src/poetry/puzzle/solver.py:remove_other_from_marker": "neg",
    "src/poetry/puzzle/transaction.py:Transaction.__init__": "neg",
    "src/poetry/pyproject/toml.py:PyProjectTOML.data": "neg",
    "src/poetry/pyproject/toml.py:PyProjectTOML.save": "neg",
    "src/poetry/repositories/cached_repository.py:CachedRepository.__init__": "neg",
    "src/poetry/repositories/http_repository.py:HTTPRepository._cached_or_downloaded_file": "neg",
    "src/poetry/repositories/http_repository.py:HTTPRepository._get_info_from_metadata": "neg",
    "src/poetry/repositories/http_repository.py:HTTPRepository._get_page": "neg",
    "src/poetry/repositories/http_repository.py:HTTPRepository._is_version_too_recent": "neg",
    "src/poetry/repositories/http_repository.py:HTTPRepository.log_age_filtered_versions": "neg",
    "src/poetry/repositories/installed_repository.py:InstalledRepository.get_package_vcs_properties_from_path": "neg",
    "src/poetry/repositories/installed_repository.py:InstalledRepository.is_vcs_package": "neg",
    "src/poetry/repositories/legacy_repository.py:LegacyRepository.__init__": "neg",
    "src/poetry/repositories/legacy_repository.py:LegacyRepository._get_release_info": "neg",
    "src/poetry/repositories/legacy_repository.py:LegacyRepository.find_links_for_package": "neg",
    "src/poetry/repositories/legacy_repository.py:LegacyRepository.package": "neg",
    "src/poetry/repositories/legacy_repository.py:LegacyRepository.root_page": "neg",
    "src/poetry/repositories/legacy_repository.py:LegacyRepository.search": "neg",
    "src/poetry/repositories/link_sources/base.py:LinkSource._link_package_name_and_version": "neg",
    "src/poetry/repositories/link_sources/base.py:LinkSource.link_package_data": "neg",
    "src/poetry/repositories/link_sources/base.py:LinkSource.yanked": "neg",
    "src/poetry/repositories/link_sources/base.py:SimpleRepositoryRootPage.search": "neg",
    "src/poetry/repositories/link_sources/base.py:make_absolute_url": "dup",
    "src/poetry/repositories/link_sources/html.py:HTMLPage.__init__": "neg",
    "src/poetry/repositories/link_sources/html.py:SimpleRepositoryHTMLRootPage.package_names": "neg",
    "src/poetry/repositories/link_sources/json.py:SimpleRepositoryJsonRootPage.package_names": "neg",
    "src/poetry/repositories/parsers/html_page_parser.py:HTMLPageParser.handle_starttag": "dup",
    "src/poetry/repositories/parsers/pypi_search_parser.py:SearchResultParser.__init__": "neg",
    "src/poetry/repositories/parsers/pypi_search_parser.py:SearchResultParser.handle_endtag": "neg",
    "src/poetry/repositories/pypi_repository.py:PyPiRepository.__init__": "neg",
    "src/poetry/repositories/pypi_repository.py:PyPiRepository._get": "neg",
    "src/poetry/repositories/pypi_repository.py:PyPiRepository._get_package_info": "neg",
    "src/poetry/repositories/pypi_repository.py:PyPiRepository.find_links_for_package": "neg",
    "src/poetry/repositories/repository.py:Repository.__init__": "neg",
    "src/poetry/repositories/repository.py:Repository.package": "neg",
    "src/poetry/repositories/repository.py:Repository.search": "neg",
    "src/poetry/repositories/repository_pool.py:RepositoryPool.__init__": "neg",
    "src/poetry/repositories/repository_pool.py:RepositoryPool.add_repository": "neg",
    "src/poetry/repositories/repository_pool.py:RepositoryPool.find_packages": "neg",
    "src/poetry/repositories/repository_pool.py:RepositoryPool.from_packages": "neg",
    "src/poetry/repositories/repository_pool.py:RepositoryPool.package": "neg",
    "src/poetry/repositories/repository_pool.py:RepositoryPool.refresh": "neg",
    "src/poetry/repositories/repository_pool.py:RepositoryPool.search": "neg",
    "src/poetry/repositories/single_page_repository.py:SinglePageRepository._get_page": "neg",
    "src/poetry/toml/file.py:TOMLFile.read": "neg",
    "src/poetry/utils/_compat.py:decode": "dup",
    "src/poetry/utils/_compat.py:encode": "dup",
    "src/poetry/utils/authenticator.py:Authenticator._get_backoff": "neg",
    "src/poetry/utils/authenticator.py:Authenticator._get_credentials_for_repository": "neg",
    "src/poetry/utils/authenticator.py:Authenticator._get_credentials_for_url": "neg",
    "src/poetry/utils/authenticator.py:Authenticator.authenticated_url": "neg",
    "src/poetry/utils/authenticator.py:Authenticator.configured_repositories": "neg",
    "src/poetry/utils/authenticator.py:Authenticator.create_session": "neg",
    "src/poetry/utils/authenticator.py:Authenticator.get_credentials_for_git_url": "neg",
    "src/poetry/utils/authenticator.py:Authenticator.get_credentials_for_url": "dup",
    "src/poetry/utils/authenticator.py:Authenticator.get_http_auth": "neg",
    "src/poetry/utils/authenticator.py:Authenticator.get_session": "neg",
    "src/poetry/utils/authenticator.py:AuthenticatorRepositoryConfig.get_http_credentials": "neg",
    "src/poetry/utils/cache.py:ArtifactCache._get_cached_archives": "neg",
    "src/poetry/utils/cache.py:ArtifactCache._get_directory_from_hash": "dup",
    "src/poetry/utils/cache.py:ArtifactCache.get_cache_directory_for_git": "neg",
    "src/poetry/utils/cache.py:ArtifactCache.get_cache_directory_for_link": "neg",
    "src/poetry/utils/cache.py:FileCache._deserialize": "neg",
    "src/poetry/utils/cache.py:FileCache._get_payload": "neg",
    "src/poetry/utils/cache.py:FileCache._path": "neg",
    "src/poetry/utils/cache.py:FileCache.put": "neg",
    "src/poetry/utils/cache.py:FileCache.remember": "neg",
    "src/poetry/utils/dependency_specification.py:RequirementsParser.__init__": "neg",
    "src/poetry/utils/dependency_specification.py:RequirementsParser._parse_git_url": "neg",
    "src/poetry/utils/dependency_specification.py:RequirementsParser._parse_pep508": "neg",
    "src/poetry/utils/dependency_specification.py:RequirementsParser.parse": "neg",
    "src/poetry/utils/env/__init__.py:ephemeral_environment": "neg",
    "src/poetry/utils/env/base_env.py:Env._bin": "neg",
    "src/poetry/utils/env/base_env.py:Env._find_pip_executable": "neg",
    "src/poetry/utils/env/base_env.py:Env._find_python_executable": "neg",
    "src/poetry/utils/env/base_env.py:Env.execute": "neg",
    "src/poetry/utils/env/base_env.py:Env.get_base_prefix": "neg",
    "src/poetry/utils/env/base_env.py:Env.get_pip_command": "neg",
    "src/poetry/utils/env/base_env.py:Env.paths": "neg",
    "src/poetry/utils/env/base_env.py:Env.platlib": "neg",
    "src/poetry/utils/env/base_env.py:Env.script_dirs": "neg",
    "src/poetry/utils/env/env_manager.py:EnvManager.deactivate": "neg",
    "src/poetry/utils/env/env_manager.py:EnvManager.generate_env_name": "neg",
    "src/poetry/utils/env/env_manager.py:EnvManager.get_base_prefix": "neg",
    "src/poetry/utils/env/env_manager.py:EnvManager.get_system_env": "neg",
    "src/poetry/utils/env/env_manager.py:EnvManager.list": "neg",
    "src/poetry/utils/env/env_manager.py:EnvManager.use_in_project_venv": "neg",
    "src/poetry/utils/env/env_manager.py:EnvsFile.remove_section": "neg",
    "src/poetry/utils/env/exceptions.py:EnvCommandError.__init__": "neg",
    "src/poetry/utils/env/generic_env.py:GenericEnv.execute": "neg",
    "src/poetry/utils/env/mock_env.py:MockEnv.__init__": "neg",
    "src/poetry/utils/env/null_env.py:NullEnv.__init__": "neg",
    "src/poetry/utils/env/null_env.py:NullEnv._run": "neg",
    "src/poetry/utils/env/null_env.py:NullEnv.execute": "neg",
    "src/poetry/utils/env/null_env.py:NullEnv.paths": "neg",
    "src/poetry/utils/env/python/exceptions.py:NoCompatiblePythonVersionFoundError.__init__": "neg",
    "src/poetry/utils/env/python/installer.py:PythonInstaller.install": "neg",
    "src/poetry/utils/env/python/installer.py:PythonInstaller.version": "neg",
    "src/poetry/utils/env/python/manager.py:Python.__init__": "neg",
    "src/poetry/utils/env/python/manager.py:Python.find_poetry_managed_pythons": "neg",
    "src/poetry/utils/env/python/manager.py:Python.get_active_python": "neg",
    "src/poetry/utils/env/python/manager.py:Python.get_by_name": "neg",
    "src/poetry/utils/env/python/manager.py:Python.get_compatible_python": "neg",
    "src/poetry/utils/env/python/manager.py:Python.get_preferred_python": "neg",
    "src/poetry/utils/env/site_packages.py:SitePackages.__init__": "neg",
    "src/poetry/utils/env/site_packages.py:SitePackages._path_method_wrapper": "neg",
    "src/poetry/utils/env/site_packages.py:SitePackages.find_distribution": "neg",
    "src/poetry/utils/env/site_packages.py:SitePackages.find_distribution_files_with_name": "neg",
    "src/poetry/utils/env/site_packages.py:SitePackages.remove_distribution_files": "neg",
    "src/poetry/utils/env/site_packages.py:SitePackages.writable_candidates": "neg",
    "src/poetry/utils/env/system_env.py:SystemEnv.get_paths": "neg",
    "src/poetry/utils/env/virtual_env.py:VirtualEnv.__init__": "neg",
    "src/poetry/utils/env/virtual_env.py:VirtualEnv.get_marker_env": "neg",
    "src/poetry/utils/extras.py:get_extra_package_names": "neg",
    "src/poetry/utils/helpers.py:Downloader.__init__": "neg",
    "src/poetry/utils/helpers.py:Downloader._get": "neg",
    "src/poetry/utils/helpers.py:Downloader.download_with_progress": "neg",
    "src/poetry/utils/helpers.py:Downloader.total_size": "neg",
    "src/poetry/utils/helpers.py:_get_win_folder_from_registry": "dup",
    "src/poetry/utils/helpers.py:_on_rm_error": "dup",
    "src/poetry/utils/helpers.py:ensure_path": "neg",
    "src/poetry/utils/helpers.py:get_highest_priority_hash_type": "neg",
    "src/poetry/utils/helpers.py:get_package_version_display_string": "neg",
    "src/poetry/utils/helpers.py:get_real_windows_path": "neg",
    "src/poetry/utils/helpers.py:get_win_folder": "neg",
    "src/poetry/utils/helpers.py:is_dir_writable": "neg",
    "src/poetry/utils/helpers.py:merge_dicts": "neg",
    "src/poetry/utils/helpers.py:remove_directory": "dup",
    "src/poetry/utils/isolated_build.py:IsolatedBuildInstallError.__init__": "neg",
    "src/poetry/utils/isolated_build.py:IsolatedEnv.make_extra_environ": "neg",
    "src/poetry/utils/log_utils.py:format_build_wheel_log": "neg",
    "src/poetry/utils/password_manager.py:PasswordManager.delete_http_password": "neg",
    "src/poetry/utils/password_manager.py:PasswordManager.delete_pypi_token": "neg",
    "src/poetry/utils/password_manager.py:PasswordManager.get_credential": "neg",
    "src/poetry/utils/password_manager.py:PasswordManager.get_http_auth": "neg",
    "src/poetry/utils/password_manager.py:PasswordManager.get_pypi_token": "neg",
    "src/poetry/utils/password_manager.py:PasswordManager.set_http_password": "neg",
    "src/poetry/utils/password_manager.py:PasswordManager.set_pypi_token": "neg",
    "src/poetry/utils/password_manager.py:PoetryKeyring.delete_password": "neg",
    "src/poetry/utils/password_manager.py:PoetryKeyring.get_credential": "neg",
    "src/poetry/utils/password_manager.py:PoetryKeyring.get_password": "neg",
    "src/poetry/utils/password_manager.py:PoetryKeyring.preflight_check": "neg",
    "src/poetry/utils/password_manager.py:PoetryKeyring.set_password": "neg",
    "src/poetry/utils/threading.py:AtomicCachedProperty.__get__": "neg",
    "src/poetry/vcs/git/backend.py:Git._clone_submodules": "neg",
    "src/poetry/vcs/git/backend.py:Git._fetch_remote_refs": "neg",
    "src/poetry/vcs/git/backend.py:Git.get_remote_url": "neg",
    "src/poetry/vcs/git/backend.py:urlpathjoin": "neg",
}


def span_of(f, text):
    return {"path": f.path, "qualname": f.qualname, "start_line": f.start_line,
            "end_line": f.end_line, "deco_line": f.deco_line, "sha1": sha1(text)}


def token_similarity(a: str, b: str) -> float:
    x = [s for _, s in code_tokens(a)]
    y = [s for _, s in code_tokens(b)]
    return round(difflib.SequenceMatcher(None, x, y, autojunk=False).ratio(), 3)


def eligible(f, text) -> bool:
    n = f.end_line - f.start_line + 1
    return (len(body_statements(f.node)) >= 3 and 5 <= n <= 80 and not has_nested_scope(f.node)
            and n_code_tokens(text) >= 40)


def is_test_path(p: str) -> bool:
    parts = p.split("/")
    base = parts[-1]
    return (any(d in ("tests", "test", "testing") for d in parts[:-1]) or base.startswith("test_")
            or base.endswith("_test.py") or base == "conftest.py")


class BandSim(Sim):
    """Sim, comparing only token streams whose lengths allow a ratio >= AMBIGUOUS_SIM
    (ratio <= 2 min / (a + b)): the same decisions at that threshold, much faster."""

    def max(self, toks, skip=None):
        n = len(toks)
        keep = Sim([(k, nt) for k, nt in self.pool if 2 * min(n, len(nt)) >= AMBIGUOUS_SIM * (n + len(nt))])
        return Sim.max(keep, toks, skip=skip)


def large_cases(rng, pip, proj, prefix, tag):
    """Type-1/2/3 variants of unambiguous originals of *proj* (functions of it: *pip*)."""
    pool = sorted(((p, q) for (p, q), (f, t) in pip.items()
                   if p.startswith(prefix) and not is_test_path(p) and eligible(f, t)))
    rng.shuffle(pool)
    sim = BandSim([((p, q), normalized_tokens(t)) for (p, q), (f, t) in pip.items()])
    cases = []
    counters = {1: 0, 2: 0, 3: 0}
    for key in pool:
        if all(v >= N_LARGE_PER_TYPE for v in counters.values()):
            break
        f, t = pip[key]
        s, _ = sim.max(normalized_tokens(t), skip=key)
        if s >= AMBIGUOUS_SIM:
            continue
        typ = min((k for k in counters if counters[k] < N_LARGE_PER_TYPE), key=lambda k: (counters[k], k))
        case = {"set": "large", "type": typ, "project": proj, "original": span_of(f, t),
                "split": split_of(f"{proj}:{key[0]}:{key[1]}")}
        if typ == 1:
            case["variant"] = {"verbatim": True}
            nt = t
        elif typ == 2:
            rename = make_rename(rng, t)
            lits = make_literals(rng, apply_rename(t, rename))
            if not rename and not lits:
                continue
            case["variant"] = {"rename": rename, "literals": lits}
            nt = apply_literals(apply_rename(t, rename), lits)
        else:
            rename = make_rename(rng, t, fraction=0.5)
            renamed = apply_rename(t, rename)
            n = len(body_statements(ast.parse(renamed).body[0]))
            k = 1 + (n >= 6) + (n >= 12) + (n >= 20)
            edits = None
            for _attempt in range(20):
                e = make_edits(rng, renamed, k)
                v = apply_edits(renamed, e)
                if e and len(body_statements(ast.parse(v).body[0])) >= 3 and n_code_tokens(v) >= 30:
                    edits = e
                    break
            if not edits:
                continue
            case["variant"] = {"rename": rename, "edits": edits}
            nt = apply_edits(renamed, edits)
        ast.parse(nt)
        counters[typ] += 1
        case["id"] = f"{tag}_t{typ}_{counters[typ]:02d}"
        case["token_similarity"] = token_similarity(t, nt)
        cases.append(case)
    return cases


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mirror-dir", required=True)
    ap.add_argument("--mined", help="JSON list of mined poetry->pip pairs (for the negatives)")
    ap.add_argument("--out", default=os.path.join(HERE, "labels_hard.json"))
    args = ap.parse_args()
    rng = random.Random(SEED)

    projects, funcs = [], {}
    for name, repo, commit in PROJECTS:
        gd = mirror_git_dir(args.mirror_dir, repo)
        git(gd, "cat-file", "-e", commit)
        fs = {}
        for p in ls_py(gd, commit):
            try:
                src = show(gd, commit, p)
            except UnicodeDecodeError:
                continue
            for f in functions(p, src):
                fs[(p, f.qualname)] = (f, func_text(src, f))
        funcs[name] = fs
        projects.append({"name": name, "repo": repo, "commit": commit,
                         "clone_url": f"https://github.com/{repo}.git"})
        print(f"{name}: {len(fs)} functions (ast)", file=sys.stderr)

    def get(name, spec):
        p, q = spec.split(":")
        if (p, q) not in funcs[name]:
            raise SystemExit(f"{name}: {spec} not found")
        return funcs[name][(p, q)]

    cases = []
    # ---------------------------------------------------------------- semantic
    held = set(q for _, q, _ in SEMANTIC)
    holdout = []
    for i, (task, q, exps) in enumerate(SEMANTIC, 1):
        for e in exps:
            if e in held:
                raise SystemExit(f"{task}: expected {e} is held out by another case")
        qf, qt = get("thealgorithms", q)
        spans = [span_of(*get("thealgorithms", e)) for e in exps]
        sims = [token_similarity(qt, get("thealgorithms", e)[1]) for e in exps]
        holdout.append(span_of(qf, qt))
        cases.append({"id": f"sem_{i:02d}", "set": "semantic", "type": 4, "project": "thealgorithms",
                      "task": task, "split": split_of(f"semantic:{task}"),
                      "source": {"project": "thealgorithms", **span_of(qf, qt)},
                      "original": spans[0], "also_expected": spans[1:],
                      "token_similarity": max(sims)})
    projects[0]["holdout"] = sorted(holdout, key=lambda s: (s["path"], s["start_line"]))

    # ---------------------------------------------------------------- large (types 1-3)
    for proj, prefix, tag in LARGE:
        cases += large_cases(rng, funcs[proj], proj, prefix, tag)

    # ---------------------------------------------------------------- hard negatives
    n_neg = 0
    if args.mined:
        mined = {m["poetry"][0] + ":" + m["poetry"][1]: m for m in json.load(open(args.mined))}
    else:
        mined = {}
    for spec, verdict in HARD_NEGATIVE_VERDICTS.items():
        if verdict != "neg":
            continue
        f, t = get("poetry", spec)
        n_neg += 1
        m = mined.get(spec, {})
        near = [{"path": x[1], "qualname": x[2], "similarity": x[0], "by": by}
                for by, x in (("normalized-token ratio", m.get("shape_best")),
                              ("identifier Jaccard", m.get("jac_best"))) if x and len(x) > 1]
        cases.append({"id": f"hneg_{n_neg:03d}", "set": "hardneg", "type": "negative", "project": "pip",
                      "split": split_of(f"poetry:{spec}"),
                      "source": {"project": "poetry", **span_of(f, t)}, "nearest_in_target": near})

    labels = {
        "version": 1,
        "description": "dedupe-check hard evaluation set: semantic clones (TheAlgorithms/Python), "
                       "type 1-3 variants in a large haystack (pip) and hand-labelled hard negatives "
                       "(poetry functions added to pip); rebuilt by eval/build.py --labels",
        "generator": {"script": "eval/make_hard.py", "seed": SEED},
        "projects": projects,
        "cases": cases,
    }
    with open(args.out, "w") as fh:
        json.dump(labels, fh, indent=1)
        fh.write("\n")
    by = {}
    for c in cases:
        k = (c["set"], str(c["type"]), c["split"])
        by[k] = by.get(k, 0) + 1
    for k in sorted(by):
        print(k, by[k], file=sys.stderr)


if __name__ == "__main__":
    main()
