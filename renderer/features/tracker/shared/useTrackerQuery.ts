/**
 * Runs a query against main and runs it again whenever one of the entities it reads changes
 * (the `tracker.changed` revisions) or its inputs change. The result is a view of the database,
 * never edited locally.
 */
import { useEffect, useState } from 'react';
import type { MeshworkApi } from '../../../../common/ipc/contract';
import type { TrackerEntity } from '../../../../common/tracker/views';
import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { trackerQuery } from '../trackerSlice';

export interface QueryState<T> {
  data: T | null;
  error: string | null;
}

export function useTrackerQuery<T>(entities: readonly TrackerEntity[], query: (api: MeshworkApi) => Promise<T>, key: string): QueryState<T> {
  const dispatch = useAppDispatch();
  const revision = useAppSelector((s) => entities.map((e) => s.tracker.revisions[e]).join('.'));
  const [state, setState] = useState<QueryState<T>>({ data: null, error: null });
  useEffect(() => {
    let current = true;
    dispatch(trackerQuery(query))
      .unwrap()
      .then(
        (data) => current && setState({ data: data as T, error: null }),
        (error: { message?: string }) => current && setState((s) => ({ data: s.data, error: error.message ?? 'Query failed' })),
      );
    return () => {
      current = false;
    };
    // `query` is recreated every render; `key` names its inputs instead.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dispatch, key, revision]);
  return state;
}
