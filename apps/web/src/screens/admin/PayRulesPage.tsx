import { Badge, Stack, Switch, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, Schemas, unwrap } from '../../api/client';
import { ErrorAlert, fmtDay, Loading, PageTitle } from '../../components/common';

type Rule = Schemas['PayRuleDto'];

/** Pay transparency rules by jurisdiction, as they apply to this organization; admins change them for the organization only. */
export default function PayRulesPage() {
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: ['pay-rules'], queryFn: () => unwrap(api.GET('/v1/pay-transparency/rules')) });
  const save = useMutation({
    mutationFn: (v: { rule: Rule; requiresRange: boolean; forbidsSalaryHistory: boolean }) =>
      unwrap(
        api.PUT('/v1/pay-transparency/overrides', {
          body: { ruleId: v.rule.id, requiresRange: v.requiresRange, forbidsSalaryHistory: v.forbidsSalaryHistory },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['pay-rules'] }),
  });
  return (
    <>
      <PageTitle sub="Where job posts must state a salary range and where asking about current or past pay is forbidden. A job covered by a rule in force is not posted without a range. Changes apply to your organization only.">
        Pay transparency
      </PageTitle>
      <Stack>
        <ErrorAlert error={rules.error ?? save.error} />
        {rules.isPending ? (
          <Loading />
        ) : (
          <div className="scroll-x" tabIndex={0} role="region" aria-label="Pay transparency rules (scrolls sideways)">
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Where</Table.Th>
                  <Table.Th>In force from</Table.Th>
                  <Table.Th>Salary range required</Table.Th>
                  <Table.Th>Pay history questions forbidden</Table.Th>
                  <Table.Th>Law</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {(rules.data?.data ?? []).map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>
                      {r.jurisdiction} {r.overridden && <Badge variant="light">Changed for your organization</Badge>}
                    </Table.Td>
                    <Table.Td>
                      {fmtDay(r.inForceFrom)}
                      {!r.inForce && (
                        <Text size="xs" c="dimmed">
                          Not yet in force
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={`Salary range required in ${r.jurisdiction}`}
                        checked={r.requiresRange}
                        onChange={(e) => save.mutate({ rule: r, requiresRange: e.currentTarget.checked, forbidsSalaryHistory: r.forbidsSalaryHistory })}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Switch
                        aria-label={`Pay history questions forbidden in ${r.jurisdiction}`}
                        checked={r.forbidsSalaryHistory}
                        onChange={(e) => save.mutate({ rule: r, requiresRange: r.requiresRange, forbidsSalaryHistory: e.currentTarget.checked })}
                      />
                    </Table.Td>
                    <Table.Td>{r.source}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Stack>
    </>
  );
}
